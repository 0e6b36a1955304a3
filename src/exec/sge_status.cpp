#include "exec/sge_status.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "flow/base/strings.h"

namespace flow::exec {

SchedulerState sge_state(std::string_view state) {
  bool over =
      state.find('E') != std::string_view::npos || state.find('d') != std::string_view::npos;
  return over ? SchedulerState::finished : SchedulerState::active;
}

std::optional<std::vector<StatusRow>> parse_sge_qstat(std::string_view output) {
  std::vector<StatusRow> rows;
  bool in_table = false;
  for (const auto& raw : split(output, '\n')) {
    std::string_view line = raw;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view text = trim(line);
    if (text.empty()) continue;
    if (text.find_first_not_of('-') == std::string_view::npos) {
      in_table = true;
      continue;
    }
    if (text.starts_with("job-ID")) continue;  // the header line
    if (text.starts_with("Full jobname:")) {
      if (rows.empty()) return std::nullopt;
      rows.back().name = std::string(trim(text.substr(13)));
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(text.front()))) {
      if (!in_table) return std::nullopt;  // an error message, not a table
      continue;                            // a detail line of qstat -r
    }
    if (!in_table) return std::nullopt;
    std::vector<std::string> words;
    for (auto& word : split(text, ' ')) {
      if (!word.empty()) words.push_back(word);
    }
    bool numeric_id = std::all_of(words[0].begin(), words[0].end(), [](char c) {
      return std::isdigit(static_cast<unsigned char>(c));
    });
    if (!numeric_id) continue;  // a detail line that happens to start with a digit
    if (words.size() < 5 || !std::all_of(words[4].begin(), words[4].end(), [](char c) {
          return std::isalpha(static_cast<unsigned char>(c));
        })) {
      return std::nullopt;
    }
    rows.push_back(StatusRow{words[0], sge_state(words[4]), words[2]});
  }
  return rows;
}

}  // namespace flow::exec
