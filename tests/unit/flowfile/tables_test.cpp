// `tables:` (spec §6): sample sheets read, indexed and checked when the workflow loads.

#include "flowfile_fixture.h"

namespace flow::flowfile {
namespace {

class TablesTest : public FlowfileTest {
 protected:
  // The one table of a workflow that names `path` (with `extra` keys for the entry).
  const Table& table_of(const std::string& path, const std::string& extra = "") {
    m_file = load_ok("tables:\n  samples: {path: " + path + extra + "}\nrules:\n  all: {}\n");
    static const Table none;
    if (m_file.tables.size() != 1) {
      ADD_FAILURE() << "expected one table";
      return none;
    }
    return *m_file.tables.front();
  }
  std::string table_error(const std::string& path, const std::string& extra = "") {
    return load_error("tables:\n  samples: {path: " + path + extra + "}\nrules:\n  all: {}\n");
  }
  static std::vector<std::string> row(const Table& table, std::size_t r) {
    std::vector<std::string> cells;
    for (std::size_t c = 0; c < table.width(); ++c)
      cells.emplace_back(table.cell(r, c));
    return cells;
  }
  static std::optional<std::size_t> find(const Table& table, std::string_view key) {
    return table.find_row(std::span<const std::string_view>(&key, 1));
  }

  Flowfile m_file;
};

TEST_F(TablesTest, ReadsATsvWithItsHeaderAndIndexesTheFirstColumn) {
  m_fs.create("config/samples.tsv", "sample\tfq1\tfq2\nA\ta_1.fq\ta_2.fq\nB\tb_1.fq\t\n");
  const Table& table = table_of("config/samples.tsv");
  EXPECT_EQ(table.name, "samples");
  EXPECT_EQ(table.columns, (std::vector<std::string>{"sample", "fq1", "fq2"}));
  ASSERT_EQ(table.row_count(), 2u);
  EXPECT_EQ(row(table, 1), (std::vector<std::string>{"B", "b_1.fq", ""}));
  EXPECT_EQ(table.row_lines, (std::vector<int>{2, 3}));
  EXPECT_EQ(find(table, "B"), 1u);
  EXPECT_EQ(find(table, "C"), std::nullopt);
  EXPECT_EQ(table.cell_location(1, 1).column, 3);
}

TEST_F(TablesTest, ShortFormAndAnyKeyColumn) {
  m_fs.create("s.tsv", "n\tsample\n1\tA\n2\tB\n");
  Flowfile file = load_ok("tables:\n  s: s.tsv\nrules:\n  all: {}\n");
  EXPECT_EQ(find(*file.tables.front(), "2"), 1u);
  const Table& keyed = table_of("s.tsv", ", key: sample");
  EXPECT_EQ(find(keyed, "B"), 1u);
  EXPECT_EQ(find(keyed, "2"), std::nullopt);
}

TEST_F(TablesTest, SeveralKeyColumns) {
  m_fs.create("units.tsv", "sample\tunit\tfq\nA\t1\ta1\nA\t2\ta2\nB\t1\tb1\n");
  const Table& table = table_of("units.tsv", ", key: [sample, unit]");
  std::string_view key[] = {"A", "2"};
  EXPECT_EQ(table.find_row(key), 1u);
  std::string_view missing[] = {"B", "2"};
  EXPECT_EQ(table.find_row(missing), std::nullopt);
}

TEST_F(TablesTest, CsvByExtensionWithQuotedFields) {
  m_fs.create("s.CSV",
              "sample,desc,fq\n"
              "A,\"left, right\",a.fq\n"
              "B,\"say \"\"hi\"\"\",b.fq\n"
              "C,\"two\nlines\" ,c.fq\n"
              "D, padded ,d.fq\n");
  const Table& table = table_of("s.CSV");
  ASSERT_EQ(table.row_count(), 4u);
  EXPECT_EQ(row(table, 0), (std::vector<std::string>{"A", "left, right", "a.fq"}));
  EXPECT_EQ(row(table, 1), (std::vector<std::string>{"B", "say \"hi\"", "b.fq"}));
  EXPECT_EQ(row(table, 2), (std::vector<std::string>{"C", "two\nlines", "c.fq"}));
  EXPECT_EQ(row(table, 3), (std::vector<std::string>{"D", "padded", "d.fq"}));
  EXPECT_EQ(table.row_lines, (std::vector<int>{2, 3, 4, 6}));
}

TEST_F(TablesTest, ByteOrderMarkCrlfAndBlankLines) {
  m_fs.create("s.tsv", "\xEF\xBB\xBFsample\tfq\r\n\r\nA\ta.fq\r\n  \r\nB\t\"b.fq\"\r\n");
  const Table& table = table_of("s.tsv");
  EXPECT_EQ(table.columns, (std::vector<std::string>{"sample", "fq"}));
  ASSERT_EQ(table.row_count(), 2u);
  EXPECT_EQ(row(table, 0), (std::vector<std::string>{"A", "a.fq"}));
  EXPECT_EQ(row(table, 1), (std::vector<std::string>{"B", "b.fq"}));
  EXPECT_EQ(table.row_lines, (std::vector<int>{3, 5}));
}

TEST_F(TablesTest, ListColumnsSplitAtTheirSeparator) {
  m_fs.create("s.tsv", "sample\tfqs\tnote\nA\ta1.fq, a2.fq,\tx,y\nB\t\tz\n");
  const Table& table = table_of("s.tsv", ", lists: {fqs: \",\"}");
  std::vector<std::string_view> values;
  table.append_values(0, 1, values);
  table.append_values(1, 1, values);
  table.append_values(0, 2, values);
  EXPECT_EQ(values, (std::vector<std::string_view>{"a1.fq", "a2.fq", "x,y"}));
  EXPECT_EQ(table.column_values(1), (std::vector<std::string_view>{"a1.fq", "a2.fq"}));
}

TEST_F(TablesTest, ExpandOverAColumnInRowOrder) {
  m_fs.create("s.tsv", "sample\tn\nB\t1\nA\t2\n");
  Flowfile file = load_ok(R"(
tables: {samples: s.tsv}
rules:
  all:
    input: {expand: "out/{sample}.{n}.txt", sample: tables.samples.sample, n: tables.samples.n, zip: true}
)");
  EXPECT_EQ(patterns(rule(file, "all").input),
            (std::vector<std::string>{"out/B.1.txt", "out/A.2.txt"}));
}

TEST_F(TablesTest, LookupsAreLeftForTheRules) {
  Flowfile file = load_ok(R"(
config: {genomes: {human: {fasta: hg.fa}}, x: 1}
rules:
  map:
    input: "{config.genomes[species].fasta}"
    output: "{species}.bam"
    shell: "cat {config.genomes[species].fasta} {config.x} > {output}"
)");
  EXPECT_EQ(patterns(rule(file, "map").input),
            std::vector<std::string>{"{config.genomes[species].fasta}"});
  EXPECT_EQ(rule(file, "map").shell->value, "cat {config.genomes[species].fasta} 1 > {output}");
}

TEST_F(TablesTest, MissingFile) {
  EXPECT_EQ(table_error("config/samples.tsv"),
            "flow: error: flow.yaml:2:19: table 'samples': cannot read 'config/samples.tsv'\n"
            "      samples: {path: config/samples.tsv}\n"
            "                      ^\n"
            "  cannot read 'config/samples.tsv': No such file or directory\n"
            "  a table's path is relative to the working directory\n");
}

TEST_F(TablesTest, DuplicateKey) {
  m_fs.create("s.tsv", "sample\tfq\nA\ta.fq\nB\tb.fq\nA\tc.fq\n");
  EXPECT_EQ(table_error("s.tsv"),
            "flow: error: s.tsv:4:1: table 'samples' has two rows with the key 'A'\n"
            "    A\tc.fq\n"
            "    ^\n"
            "  the first is at s.tsv:2\n"
            "  keys are unique: rows are found by their 'sample' column\n");
}

TEST_F(TablesTest, DuplicateKeyOfSeveralColumns) {
  m_fs.create("u.tsv", "sample\tunit\nA\t1\nA\t1\n");
  EXPECT_EQ(table_error("u.tsv", ", key: [sample, unit]"),
            "flow: error: u.tsv:3:1: table 'samples' has two rows with the key 'A, 1'\n"
            "    A\t1\n"
            "    ^\n"
            "  the first is at u.tsv:2\n"
            "  keys are unique: rows are found by their sample, unit columns\n");
}

TEST_F(TablesTest, EmptyKey) {
  m_fs.create("s.tsv", "sample\tfq\nA\ta.fq\n\tb.fq\n");
  EXPECT_EQ(table_error("s.tsv"),
            "flow: error: s.tsv:3:1: this row of table 'samples' has no key: its 'sample' is "
            "empty\n"
            "    \tb.fq\n"
            "    ^\n"
            "  rows are found by their 'sample' column\n");
}

TEST_F(TablesTest, RaggedRows) {
  m_fs.create("s.tsv", "sample\tfq1\tfq2\nA\ta1\nB\tb1\tb2\tb3\n");
  EXPECT_EQ(table_error("s.tsv"),
            "flow: error: s.tsv:2:1: this row has 2 fields, but the header has 3 columns\n"
            "    A\ta1\n"
            "    ^\n"
            "  the columns: sample, fq1, fq2\n"
            "  write an empty field for a missing value\n"
            "flow: error: s.tsv:3:9: this row has 4 fields, but the header has 3 columns\n"
            "    B\tb1\tb2\tb3\n"
            "     \t  \t  \t^\n"
            "  the columns: sample, fq1, fq2\n");
}

TEST_F(TablesTest, QuotingErrors) {
  m_fs.create("a.csv", "sample,fq\nA,\"a.fq\n");
  EXPECT_EQ(table_error("a.csv"),
            "flow: error: a.csv:2:3: unclosed quote (a field starting with '\"' ends with '\"'; "
            "write '\"\"' for a quote inside)\n"
            "    A,\"a.fq\n"
            "      ^\n");
  m_fs.create("b.csv", "sample,fq\nA,\"a\"b,c\n");
  EXPECT_EQ(table_error("b.csv"),
            "flow: error: b.csv:2:6: text after the closing quote of a field\n"
            "    A,\"a\"b,c\n"
            "         ^\n");
}

TEST_F(TablesTest, HeaderErrors) {
  m_fs.create("s.csv", "sample,,fq,sample\n");
  EXPECT_EQ(table_error("s.csv"),
            "flow: error: s.csv:1:8: column 2 of the header has no name\n"
            "    sample,,fq,sample\n"
            "           ^\n"
            "  the first line of a table names its columns\n"
            "flow: error: s.csv:1:12: the header names column 'sample' twice\n"
            "    sample,,fq,sample\n"
            "               ^\n"
            "  first at column 1\n");
  m_fs.create("empty.tsv", "\n\n");
  EXPECT_EQ(table_error("empty.tsv"),
            "flow: error: empty.tsv:1:1: the table is empty\n"
            "    \n"
            "    ^\n"
            "  a table needs a header row naming its columns\n");
}

TEST_F(TablesTest, UnknownKeyAndListColumns) {
  m_fs.create("s.tsv", "sample\tfqs\nA\ta\n");
  EXPECT_EQ(table_error("s.tsv", ", key: smaple, lists: {fq: \",\"}"),
            "flow: error: flow.yaml:2:31: table 'samples' has no column 'smaple' for its key\n"
            "      samples: {path: s.tsv, key: smaple, lists: {fq: \",\"}}\n"
            "                                  ^\n"
            "  did you mean 'sample'?\n"
            "  the columns of s.tsv: sample, fqs\n"
            "flow: error: flow.yaml:2:47: table 'samples' has no column 'fq' for 'lists'\n"
            "      samples: {path: s.tsv, key: smaple, lists: {fq: \",\"}}\n"
            "                                                  ^\n"
            "  did you mean 'fqs'?\n"
            "  the columns of s.tsv: sample, fqs\n");
}

TEST_F(TablesTest, BadEntries) {
  m_fs.create("s.tsv", "sample\nA\n");
  EXPECT_EQ(load_error(R"(
tables:
  samples: {path: s.tsv, kye: sample}
  s-2: s.tsv
  other: [s.tsv]
rules: {all: {}}
)"),
            "flow: error: flow.yaml:3:26: unknown key 'kye' in table 'samples'\n"
            "      samples: {path: s.tsv, kye: sample}\n"
            "                             ^\n"
            "  expected one of: path, key, lists\n"
            "flow: error: flow.yaml:4:3: table name 's-2' is not an identifier\n"
            "      s-2: s.tsv\n"
            "      ^\n"
            "  use letters, digits and '_', not starting with a digit\n"
            "flow: error: flow.yaml:5:10: table 'other' needs a file: a path or {path: FILE, key: "
            "COLUMN}, not a list\n"
            "      other: [s.tsv]\n"
            "             ^\n"
            "  tables:\n"
            "    samples: config/samples.tsv\n");
}

TEST_F(TablesTest, TableDefinedInTwoFiles) {
  m_fs.create("s.tsv", "sample\nA\n");
  m_fs.create("rules/more.yaml", "tables: {samples: s.tsv}\n");
  EXPECT_EQ(load_error("include: rules/more.yaml\ntables: {samples: s.tsv}\nrules: {all: {}}\n"),
            "flow: error: rules/more.yaml:1:10: table 'samples' is defined twice\n"
            "    tables: {samples: s.tsv}\n"
            "             ^\n"
            "  first defined at flow.yaml:2:10\n");
}

TEST_F(TablesTest, ExpandErrors) {
  m_fs.create("s.tsv", "sample\tfq\nA\ta\n");
  EXPECT_EQ(load_error(R"(
tables: {samples: s.tsv}
rules:
  all:
    input:
      - {expand: "{s}", s: tables.smaples.sample}
      - {expand: "{s}", s: tables.samples.smaple}
      - {expand: "{s}", s: tables.samples}
)"),
            "flow: error: flow.yaml:6:28: rule 'all': expand key 's': unknown table 'smaples'\n"
            "          - {expand: \"{s}\", s: tables.smaples.sample}\n"
            "                               ^\n"
            "  did you mean 'samples'?\n"
            "flow: error: flow.yaml:7:43: rule 'all': expand key 's': table 'samples' has no "
            "column 'smaple'\n"
            "          - {expand: \"{s}\", s: tables.samples.smaple}\n"
            "                                              ^\n"
            "  did you mean 'sample'?\n"
            "  the columns of s.tsv: sample, fq\n"
            "flow: error: flow.yaml:8:28: rule 'all': expand key 's': 'tables.samples' needs a "
            "column: tables.samples.COLUMN\n"
            "          - {expand: \"{s}\", s: tables.samples}\n"
            "                               ^\n"
            "  the columns of s.tsv: sample, fq\n");
}

}  // namespace
}  // namespace flow::flowfile
