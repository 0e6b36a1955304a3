#include "exec/pbs_status.h"

#include <cctype>
#include <string>

#include "flow/base/strings.h"

namespace flow::exec {
namespace {

bool is_header_rule(std::string_view line) {
  return line.find('-') != std::string_view::npos &&
         line.find_first_not_of("- \t\r") == std::string_view::npos;
}

// The column of the single-character dash group (the state column), or npos.
std::size_t state_column(std::string_view rule) {
  std::size_t position = 0;
  while (position < rule.size()) {
    std::size_t start = rule.find('-', position);
    if (start == std::string_view::npos) break;
    std::size_t end = rule.find_first_not_of('-', start);
    if (end == std::string_view::npos) end = rule.size();
    if (end - start == 1) return start;
    position = end;
  }
  return std::string_view::npos;
}

// The state letter of a row: at the state column, else the next-to-last word (the last is
// the queue), as a fallback for rows whose columns drifted.
std::optional<char> row_state(std::string_view line, std::size_t column) {
  auto is_state = [](std::string_view word) {
    return word.size() == 1 && std::isupper(static_cast<unsigned char>(word.front()));
  };
  if (column != std::string_view::npos && column < line.size()) {
    bool alone =
        (column == 0 || line[column - 1] == ' ') &&
        (column + 1 == line.size() || std::isspace(static_cast<unsigned char>(line[column + 1])));
    if (alone && is_state(line.substr(column, 1))) return line[column];
  }
  std::vector<std::string> words;
  for (auto& word : split(line, ' ')) {
    if (!word.empty()) words.push_back(word);
  }
  if (words.size() >= 3 && is_state(words[words.size() - 2])) return words[words.size() - 2][0];
  return std::nullopt;
}

}  // namespace

SchedulerState pbs_state(char letter) {
  return letter == 'C' || letter == 'F' || letter == 'X' ? SchedulerState::finished
                                                         : SchedulerState::active;
}

std::optional<std::vector<StatusRow>> parse_qstat_table(std::string_view output) {
  std::vector<StatusRow> rows;
  std::size_t column = std::string_view::npos;
  bool in_table = false;
  for (const auto& raw : split(output, '\n')) {
    std::string_view line = raw;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty()) continue;
    if (is_header_rule(line)) {  // each server's table has its own header
      column = state_column(line);
      in_table = true;
      continue;
    }
    std::string_view first = trim(line).substr(0, trim(line).find_first_of(" \t"));
    if (first == "Job") continue;  // the header line
    if (!in_table) return std::nullopt;
    auto state = row_state(line, column);
    if (!state) return std::nullopt;
    rows.push_back(StatusRow{std::string(first), pbs_state(*state), {}});
  }
  return rows;
}

std::optional<std::vector<StatusRow>> parse_qstat_full(std::string_view output) {
  std::vector<StatusRow> rows;
  bool has_state = true;
  for (const auto& raw : split(output, '\n')) {
    std::string_view line = trim(raw);
    if (line.empty()) continue;
    if (line.starts_with("Job Id:")) {
      if (!has_state) return std::nullopt;
      rows.push_back(StatusRow{std::string(trim(line.substr(7))), SchedulerState::active, {}});
      has_state = false;
      continue;
    }
    if (rows.empty()) return std::nullopt;  // a banner or an error, not a job listing
    std::size_t equals = line.find(" = ");
    if (equals == std::string_view::npos) continue;  // a wrapped long value
    std::string_view key = trim(line.substr(0, equals));
    std::string_view value = trim(line.substr(equals + 3));
    if (key == "Job_Name") rows.back().name = std::string(value);
    if (key == "job_state" && value.size() == 1) {
      rows.back().state = pbs_state(value.front());
      has_state = true;
    }
  }
  if (!has_state) return std::nullopt;
  return rows;
}

}  // namespace flow::exec
