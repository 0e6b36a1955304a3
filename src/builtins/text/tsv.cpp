#include "builtins/text/tsv.h"

#include <algorithm>

#include <fmt/format.h>

#include "builtins/text/io.h"
#include "builtins/text/tools.h"
#include "flow/base/strings.h"

namespace flow::builtins::text {

std::optional<std::size_t> TsvTable::column(std::string_view name) const {
  auto it = std::find(header.begin(), header.end(), name);
  if (it == header.end()) return std::nullopt;
  return static_cast<std::size_t>(it - header.begin());
}

Result<TsvTable> read_tsv(const std::string& path) {
  auto text = read_text_input(path);
  if (!text) return text.error();
  std::vector<std::string_view> lines = split_lines(*text);
  if (lines.empty() || lines[0].empty()) {
    return make_error(ErrorKind::job, fmt::format("input '{}': no header row", path));
  }
  TsvTable table;
  table.path = path;
  table.header = split(lines[0], '\t');
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    std::vector<std::string> fields = split(lines[i], '\t');
    if (fields.size() != table.header.size()) {
      return make_error(ErrorKind::job,
                        fmt::format("input '{}': line {} has {} fields, the header has {}", path,
                                    i + 1, fields.size(), table.header.size()));
    }
    table.rows.push_back(std::move(fields));
    table.row_lines.push_back(i + 1);
  }
  return table;
}

}  // namespace flow::builtins::text
