// `join_tsv`: columns of several TSV tables joined on their first column.

#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "builtins/args.h"
#include "builtins/steps.h"
#include "builtins/text/io.h"
#include "builtins/text/tsv.h"
#include "flow/base/strings.h"

namespace flow::builtins {
namespace {

// One item of the `columns` argument: OUTPUT=INPUT.COLUMN.
struct ColumnSpec {
  std::string output;
  std::size_t input = 0;  ///< index into invocation.inputs
  std::string column;
};

Result<std::size_t> find_input(const BuiltinInvocation& invocation, const std::string& ref) {
  for (std::size_t i = 0; i < invocation.inputs.size(); ++i) {
    if (invocation.inputs[i].name == ref) return i;
  }
  auto index = parse_int(ref);
  if (index && *index >= 0 && static_cast<std::size_t>(*index) < invocation.inputs.size()) {
    return static_cast<std::size_t>(*index);
  }
  return arg_error("columns", fmt::format("refers to input '{}', which is neither the name of "
                                          "an input nor a position from 0 to {}",
                                          ref, invocation.inputs.size() - 1));
}

Result<std::vector<ColumnSpec>> parse_columns(const BuiltinInvocation& invocation) {
  std::vector<ColumnSpec> specs;
  for (const auto& item : arg_list(invocation, "columns")) {
    std::size_t eq = item.find('=');
    std::size_t dot = item.find('.', eq == std::string::npos ? 0 : eq + 1);
    if (eq == std::string::npos || eq == 0 || dot == std::string::npos || dot + 1 == item.size()) {
      return arg_error("columns",
                       fmt::format("item '{}' is not of the form OUTPUT=INPUT.COLUMN", item));
    }
    auto input = find_input(invocation, item.substr(eq + 1, dot - eq - 1));
    if (!input) return input.error();
    specs.push_back({item.substr(0, eq), *input, item.substr(dot + 1)});
  }
  if (specs.empty()) return arg_error("columns", "names no columns");
  return specs;
}

// Key -> row index, for one table; a repeated key is an error.
Result<std::unordered_map<std::string, std::size_t>> index_rows(const text::TsvTable& table) {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t row = 0; row < table.rows.size(); ++row) {
    if (!index.emplace(table.rows[row][0], row).second) {
      return make_error(ErrorKind::job,
                        fmt::format("input '{}': line {}: key '{}' repeated", table.path,
                                    table.row_lines[row], table.rows[row][0]));
    }
  }
  return index;
}

struct LoadedTable {
  text::TsvTable table;
  std::unordered_map<std::string, std::size_t> index;
};

Result<std::map<std::size_t, LoadedTable>> load_tables(const BuiltinInvocation& invocation,
                                                       const std::vector<ColumnSpec>& specs) {
  std::map<std::size_t, LoadedTable> tables;
  std::vector<std::size_t> wanted = {0};
  for (const auto& spec : specs)
    wanted.push_back(spec.input);
  for (std::size_t input : wanted) {
    if (tables.contains(input)) continue;
    auto table = text::read_tsv(invocation.inputs[input].path);
    if (!table) return table.error();
    auto index = index_rows(*table);
    if (!index) return index.error();
    tables.emplace(input, LoadedTable{std::move(*table), std::move(*index)});
  }
  for (const auto& spec : specs) {
    const text::TsvTable& table = tables.at(spec.input).table;
    if (!table.column(spec.column)) {
      return make_error(ErrorKind::job,
                        fmt::format("input '{}' has no column '{}' (it has: {})", table.path,
                                    spec.column, fmt::join(table.header, ", ")));
    }
  }
  return tables;
}

Result<void> run_join_tsv(const BuiltinInvocation& invocation, StepLog& log) {
  auto specs = parse_columns(invocation);
  if (!specs) return specs.error();
  auto tables = load_tables(invocation, *specs);
  if (!tables) return tables.error();
  std::string out = arg_text(invocation, "key");
  for (const auto& spec : *specs)
    out += "\t" + spec.output;
  out += '\n';
  const text::TsvTable& first = tables->at(0).table;
  for (const auto& row : first.rows) {
    out += row[0];
    for (const auto& spec : *specs) {
      const LoadedTable& loaded = tables->at(spec.input);
      auto found = loaded.index.find(row[0]);
      if (found == loaded.index.end()) {
        return make_error(ErrorKind::job,
                          fmt::format("input '{}' has no row '{}'", loaded.table.path, row[0]));
      }
      out += "\t" + loaded.table.rows[found->second][*loaded.table.column(spec.column)];
    }
    out += '\n';
  }
  log.line(fmt::format("join_tsv: {} rows, {} columns", first.rows.size(), specs->size()));
  return text::write_output(invocation.outputs[0].path, out);
}

}  // namespace

Step join_tsv_step() {
  Step step;
  step.signature.name = "join_tsv";
  step.signature.summary = "join columns of TSV tables on their first column";
  BuiltinArg key;
  key.name = "key";
  key.default_value = "name";
  key.help = "the header of the output's first column, which holds the keys";
  BuiltinArg columns;
  columns.name = "columns";
  columns.required = true;
  columns.help =
      "the output's other columns, comma-separated, each OUTPUT=INPUT.COLUMN: the column "
      "named OUTPUT takes the values of column COLUMN of the input named INPUT (or at "
      "position INPUT, from 0), e.g. 'words=words.lines,distinct_stems=stems.distinct_lines'";
  step.signature.args = {key, columns};
  step.signature.min_inputs = 1;
  step.signature.min_outputs = step.signature.max_outputs = 1;
  step.signature.files_help =
      "Inputs: TSV tables with a header row, keyed by their first column (such as "
      "count_distinct's). Output: a TSV table with a row per row of the first input, in its "
      "order; every input used must have a row for each of those keys.";
  step.run = run_join_tsv;
  return step;
}

}  // namespace flow::builtins
