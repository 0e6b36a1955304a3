#include "flow/state/state_log.h"

#include <fmt/format.h>

#include "flow/base/strings.h"

namespace flow::state {
namespace {

constexpr std::string_view k_header = "# flow state v1\n";
constexpr std::string_view k_file_name = "state.log";

std::string record_line(const std::string& path, const OutputRecord& r) {
  return fmt::format("C\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", escape_field(path), escape_field(r.rule),
                     hex64(r.code_hash), hex64(r.params_hash), hex64(r.input_hash), r.start, r.end);
}

std::optional<std::uint64_t> parse_hex(std::string_view text) {
  if (text.size() != 16) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (digit < 0) return std::nullopt;
    value = value << 4 | static_cast<std::uint64_t>(digit);
  }
  return value;
}

}  // namespace

Result<std::unique_ptr<StateLog>> StateLog::open_read_only(const sys::Filesystem& fs,
                                                           const std::string& dir) {
  std::unique_ptr<StateLog> log(new StateLog());
  log->m_path = dir.empty() ? std::string(k_file_name) : dir + "/" + std::string(k_file_name);
  auto exists = fs.stat(log->m_path);
  if (!exists) return exists.error();
  if (!exists->exists) return log;
  auto text = fs.read_file(log->m_path);
  if (!text) return text.error();
  std::string_view rest = *text;
  while (!rest.empty()) {
    std::size_t end = rest.find('\n');
    if (end == std::string_view::npos) break;  // a torn last line: the write never finished
    log->apply_line(rest.substr(0, end));
    ++log->m_lines;
    rest.remove_prefix(end + 1);
  }
  return log;
}

Result<std::unique_ptr<StateLog>> StateLog::open(sys::Filesystem& fs, const std::string& dir) {
  if (auto made = fs.make_dirs(dir); !made) return made.error();
  auto log = open_read_only(fs, dir);
  if (!log) return log;
  // Rewrite when superseded lines dominate, so the log stays proportional to the outputs.
  if ((*log)->m_lines > 1000 && (*log)->m_lines > 3 * (*log)->m_entries.size()) {
    if (auto compacted = (*log)->compact(fs); !compacted) return compacted.error();
  }
  auto stat = fs.stat((*log)->m_path);
  if (!stat) return stat.error();
  bool fresh = !stat->exists;
  auto file = fs.open_append((*log)->m_path);
  if (!file) return file.error();
  (*log)->m_file = std::move(*file);
  if (fresh) {
    if (auto written = (*log)->append(std::string(k_header)); !written) return written.error();
  }
  return log;
}

void StateLog::apply_line(std::string_view line) {
  auto fields = split(line, '\t');
  if (fields.size() < 2) return;  // the header, or junk
  std::string path = unescape_field(fields[1]);
  if (fields[0] == "I") {
    m_entries[path].incomplete = true;
  } else if (fields[0] == "F") {
    m_entries.erase(path);
  } else if (fields[0] == "C" && fields.size() == 8) {
    auto code = parse_hex(fields[3]);
    auto params = parse_hex(fields[4]);
    auto input = parse_hex(fields[5]);
    auto start = parse_int(fields[6]);
    auto end = parse_int(fields[7]);
    if (!code || !params || !input || !start || !end) return;
    Entry& entry = m_entries[path];
    entry.record = OutputRecord{unescape_field(fields[2]), *code, *params, *input, *start, *end};
    entry.has_record = true;
    entry.incomplete = false;
  }
}

Result<void> StateLog::compact(sys::Filesystem& fs) {
  std::string text(k_header);
  for (const auto& [path, entry] : m_entries) {
    if (entry.has_record) text += record_line(path, entry.record);
    if (entry.incomplete) text += fmt::format("I\t{}\n", escape_field(path));
  }
  if (auto written = fs.write_file_atomic(m_path, text); !written) return written;
  m_lines = m_entries.size() + 1;
  return ok_result();
}

const OutputRecord* StateLog::find(std::string_view path) const {
  auto it = m_entries.find(std::string(path));
  return it != m_entries.end() && it->second.has_record ? &it->second.record : nullptr;
}

bool StateLog::is_incomplete(std::string_view path) const {
  auto it = m_entries.find(std::string(path));
  return it != m_entries.end() && it->second.incomplete;
}

Result<void> StateLog::append(const std::string& text) {
  if (!m_file) return make_error(ErrorKind::internal, "the state log is open read-only");
  // One write per call: a crash leaves at most one torn line, which reading ignores.
  if (auto written = m_file->append(text); !written) return written;
  for (char c : text)
    m_lines += c == '\n';
  return ok_result();
}

Result<void> StateLog::mark_incomplete(std::span<const std::string> paths) {
  std::string text;
  for (const auto& path : paths) {
    text += fmt::format("I\t{}\n", escape_field(path));
    m_entries[path].incomplete = true;
  }
  return text.empty() ? ok_result() : append(text);
}

Result<void> StateLog::record_complete(std::span<const std::string> paths,
                                       const OutputRecord& record) {
  std::string text;
  for (const auto& path : paths) {
    text += record_line(path, record);
    Entry& entry = m_entries[path];
    entry.record = record;
    entry.has_record = true;
    entry.incomplete = false;
  }
  return text.empty() ? ok_result() : append(text);
}

Result<void> StateLog::forget(std::span<const std::string> paths) {
  std::string text;
  for (const auto& path : paths) {
    if (m_entries.erase(path) == 0) continue;
    text += fmt::format("F\t{}\n", escape_field(path));
  }
  return text.empty() ? ok_result() : append(text);
}

Result<void> StateLog::sync() {
  return m_file ? m_file->sync() : ok_result();
}

}  // namespace flow::state
