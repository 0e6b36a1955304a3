#include "flowfile/yaml/literal_runs.h"

#include <algorithm>
#include <optional>

namespace flow::flowfile::yaml {
namespace {

// Chosen to be unlikely in a workflow; if the text holds it anyway, nothing is replaced.
constexpr std::string_view k_token_prefix = "zqflowlistrunz";

// Characters of a "simple" item: a plain scalar that means the same in block and flow
// context, starts no YAML indicator and is not null. Everything else takes the slow path.
bool is_simple_first(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '/';
}

bool is_simple_char(char c) {
  return is_simple_first(c) || c == '-' || c == '+' || c == '=' || c == '@' || c == '%';
}

bool is_null_word(std::string_view word) {
  return word == "null" || word == "Null" || word == "NULL";
}

// The end of the simple item starting at `start`, or nullopt when there is none.
std::optional<std::size_t> simple_item_end(std::string_view text, std::size_t start) {
  if (start >= text.size() || !is_simple_first(text[start])) return std::nullopt;
  std::size_t end = start + 1;
  while (end < text.size() && is_simple_char(text[end]))
    ++end;
  if (is_null_word(text.substr(start, end - start))) return std::nullopt;
  return end;
}

struct Region {
  std::size_t begin = 0;  // where the first item starts
  std::size_t end = 0;    // where the last item ends
  std::vector<RunItem> items;
};

struct BlockItem {
  std::size_t indent = 0;
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Matches a whole line "<spaces>- <item><spaces>" (line end excluded).
std::optional<BlockItem> match_block_line(std::string_view text, std::size_t begin,
                                          std::size_t end) {
  std::size_t i = begin;
  while (i < end && text[i] == ' ')
    ++i;
  if (i + 1 >= end || text[i] != '-' || text[i + 1] != ' ') return std::nullopt;
  BlockItem item{i - begin, 0, 0};
  i += 1;
  while (i < end && text[i] == ' ')
    ++i;
  auto item_end = simple_item_end(text.substr(0, end), i);
  if (!item_end) return std::nullopt;
  item.begin = i;
  item.end = *item_end;
  for (i = *item_end; i < end; ++i) {
    if (text[i] != ' ') return std::nullopt;
  }
  return item;
}

void find_block_runs(std::string_view text, std::size_t min_run, std::vector<Region>& regions) {
  Region run;
  std::size_t run_indent = 0;
  auto flush = [&] {
    if (run.items.size() >= min_run) {
      run.begin = run.items.front().begin;
      run.end = run.items.back().end;
      regions.push_back(std::move(run));
    }
    run = Region{};
  };
  for (std::size_t begin = 0; begin < text.size();) {
    std::size_t newline = text.find('\n', begin);
    std::size_t next = newline == std::string_view::npos ? text.size() : newline + 1;
    std::size_t end = newline == std::string_view::npos ? text.size() : newline;
    if (end > begin && text[end - 1] == '\r') --end;
    auto item = match_block_line(text, begin, end);
    if (!item || (!run.items.empty() && item->indent != run_indent)) flush();
    if (item) {
      run_indent = item->indent;
      run.items.push_back(RunItem{item->begin, item->end, {}});
    }
    begin = next;
  }
  flush();
}

std::size_t skip_flow_space(std::string_view text, std::size_t i) {
  while (i < text.size()) {
    if (text[i] == ' ' || text[i] == '\n') {
      ++i;
    } else if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      i += 2;
    } else {
      break;
    }
  }
  return i;
}

// Matches "[ item, item, ... ]" at `open`; `resume` is where scanning goes on.
std::optional<Region> match_flow_list(std::string_view text, std::size_t open,
                                      std::size_t& resume) {
  Region region;
  std::size_t i = skip_flow_space(text, open + 1);
  while (true) {
    auto end = simple_item_end(text, i);
    resume = i;
    if (!end) return std::nullopt;
    region.items.push_back(RunItem{i, *end, {}});
    i = skip_flow_space(text, *end);
    resume = i;
    if (i < text.size() && text[i] == ']') break;
    if (i >= text.size() || text[i] != ',') return std::nullopt;
    i = skip_flow_space(text, i + 1);
  }
  region.begin = region.items.front().begin;
  region.end = region.items.back().end;
  return region;
}

void find_flow_runs(std::string_view text, std::size_t min_run, std::vector<Region>& regions) {
  std::size_t i = text.find('[');
  while (i != std::string_view::npos) {
    std::size_t resume = i + 1;
    auto region = match_flow_list(text, i, resume);
    if (region && region->items.size() >= min_run) regions.push_back(std::move(*region));
    i = text.find('[', std::max(resume, i + 1));
  }
}

// The shortcut assumes that the parser counts lines as this file does.
bool is_reducible(std::string_view text) {
  if (text.find(k_token_prefix) != std::string_view::npos) return false;
  if (text.starts_with("\xEF\xBB\xBF")) return false;
  for (std::size_t i = text.find('\r'); i != std::string_view::npos; i = text.find('\r', i + 1)) {
    if (i + 1 >= text.size() || text[i + 1] != '\n') return false;
  }
  return true;
}

class PositionFinder {
 public:
  explicit PositionFinder(std::string_view text) {
    m_line_starts.push_back(0);
    for (std::size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1)) {
      m_line_starts.push_back(i + 1);
    }
  }
  TextPosition at(std::size_t offset) const {
    auto it = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), offset);
    auto line = static_cast<std::size_t>(it - m_line_starts.begin()) - 1;
    return {static_cast<int>(line), static_cast<int>(offset - m_line_starts[line])};
  }

 private:
  std::vector<std::size_t> m_line_starts;
};

void advance(TextPosition& position, std::string_view copied) {
  for (char c : copied) {
    if (c == '\n') {
      ++position.line;
      position.column = 0;
    } else {
      ++position.column;
    }
  }
}

}  // namespace

TextPosition ReducedText::to_original(TextPosition reduced) const {
  // The last cut at or before `reduced` decides the shift.
  auto it =
      std::upper_bound(m_cuts.begin(), m_cuts.end(), reduced,
                       [](const TextPosition& p, const Cut& cut) { return p < cut.reduced_end; });
  if (it == m_cuts.begin()) return reduced;
  const Cut& cut = *std::prev(it);
  if (cut.reduced_end.line == reduced.line) {
    return {cut.original_end.line,
            reduced.column - cut.reduced_end.column + cut.original_end.column};
  }
  return {reduced.line + cut.original_end.line - cut.reduced_end.line, reduced.column};
}

const LiteralRun* ReducedText::find_run(const std::string& value) const {
  auto it = m_run_by_token.find(value);
  return it == m_run_by_token.end() ? nullptr : &runs[it->second];
}

void ReducedText::add_cut(TextPosition reduced_end, TextPosition original_end) {
  m_cuts.push_back({reduced_end, original_end});
}

ReducedText reduce_literal_runs(std::string_view text, std::size_t min_run) {
  ReducedText out;
  out.original = text;
  out.token_prefix = k_token_prefix;
  if (min_run == 0 || !is_reducible(text)) return out;
  std::vector<Region> regions;
  find_block_runs(text, min_run, regions);
  find_flow_runs(text, min_run, regions);
  if (regions.empty()) return out;
  std::sort(regions.begin(), regions.end(),
            [](const Region& a, const Region& b) { return a.begin < b.begin; });

  PositionFinder original(text);
  TextPosition reduced;
  std::size_t copied = 0;
  out.text.reserve(text.size() / 4);
  for (Region& region : regions) {
    if (region.begin < copied) continue;  // overlapping candidates: keep the first
    advance(reduced, text.substr(copied, region.begin - copied));
    out.text.append(text.substr(copied, region.begin - copied));
    LiteralRun run;
    run.token = out.token_prefix + std::to_string(out.runs.size()) + "z";
    run.token_position = reduced;
    run.items = std::move(region.items);
    for (auto& item : run.items)
      item.position = original.at(item.begin);
    out.text += run.token;
    reduced.column += static_cast<int>(run.token.size());
    out.add_cut(reduced, original.at(region.end));
    out.m_run_by_token.emplace(run.token, out.runs.size());
    out.runs.push_back(std::move(run));
    copied = region.end;
  }
  out.text.append(text.substr(copied));
  return out;
}

}  // namespace flow::flowfile::yaml
