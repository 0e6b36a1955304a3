#include "flow/state/state_log.h"

#include <algorithm>

#include <fmt/format.h>

#include "flow/base/state_layout.h"
#include "flow/base/strings.h"

namespace flow::state {
namespace {

constexpr std::string_view k_header = "# flow state v1\n";
constexpr std::string_view k_file_name = layout::k_journal;
// Compaction writes the new journal here first; a kill in the middle leaves it behind, and
// the next writer removes it.
constexpr std::string_view k_compacting_suffix = layout::k_compacting_suffix;

std::string record_line(const std::string& path, const OutputRecord& r) {
  return fmt::format("C\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", escape_field(path), escape_field(r.rule),
                     hex64(r.code_hash), hex64(r.params_hash), hex64(r.input_hash), r.start, r.end);
}

std::string running_line(const sys::ProcessIdentity& p) {
  return fmt::format("R\t{}\t{}\t{}\n", p.pid, p.pgid, p.start_ticks);
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
  // Most outputs have two lines (incomplete, then complete): reserve for that many.
  auto lines = static_cast<std::size_t>(std::count(rest.begin(), rest.end(), '\n'));
  log->m_entries.reserve(lines / 2 + 1);
  log->m_index.reserve(lines / 2 + 1);
  while (!rest.empty()) {
    std::size_t end = rest.find('\n');
    if (end == std::string_view::npos) break;  // a torn last line: the write never finished
    log->apply_line(rest.substr(0, end));
    ++log->m_lines;
    rest.remove_prefix(end + 1);
  }
  log->m_size = text->size() - rest.size();
  log->m_torn = !rest.empty();
  return log;
}

Result<std::unique_ptr<StateLog>> StateLog::open(sys::Filesystem& fs, const std::string& dir) {
  if (auto made = fs.make_dirs(dir); !made) return made.error();
  auto log = open_read_only(fs, dir);
  if (!log) return log;
  StateLog& self = **log;
  // A compaction killed half-way left its new journal unfinished: the old one is whole.
  if (auto removed = fs.remove(self.m_path + std::string(k_compacting_suffix)); !removed)
    return removed.error();
  // Rewrite when superseded lines dominate, so the log stays proportional to the outputs: a
  // run journals two lines per output (incomplete, then complete), so after each full run
  // the next writer halves the file that every later run reads. A compaction that fails
  // (a full disk) leaves the journal as it was, and flow goes on with it.
  bool compacted = false;
  if (self.m_lines > 1000 && 2 * self.m_lines > 3 * self.m_live) compacted = self.compact(fs).ok();
  auto file = fs.open_append(self.m_path);
  if (!file) return file.error();
  self.m_file = std::move(*file);
  // A torn last record (flow killed in the middle of a write, a full disk) is cut off before
  // anything is appended: a record glued onto it would be lost with it.
  if (self.m_torn && !compacted) {
    if (auto repaired = self.m_file->truncate(self.m_size); !repaired) return repaired.error();
    self.m_torn = false;
  }
  if (self.m_size == 0) {
    if (auto written = self.append(std::string(k_header)); !written) return written.error();
  }
  return log;
}

namespace {

// The next tab-separated field of `line` (advancing it), without copying.
std::string_view next_field(std::string_view& line) {
  std::size_t tab = line.find('\t');
  std::string_view field = line.substr(0, tab);
  line = tab == std::string_view::npos ? std::string_view() : line.substr(tab + 1);
  return field;
}

std::string plain(std::string_view field) {
  return field.find('\\') == std::string_view::npos ? std::string(field) : unescape_field(field);
}

std::size_t hash_path(std::string_view path) {
  return std::hash<std::string_view>{}(path);
}

}  // namespace

std::optional<std::uint32_t> StateLog::index_of(std::string_view path) const {
  return m_index.find(hash_path(path),
                      [&](std::uint32_t id) { return m_entries[id].path == path; });
}

const StateLog::Entry* StateLog::lookup(std::string_view path) const {
  auto found = index_of(path);
  return found ? &m_entries[*found] : nullptr;
}

StateLog::Entry& StateLog::entry(std::string_view path) {
  std::size_t hash = hash_path(path);
  auto found = m_index.find(hash, [&](std::uint32_t id) { return m_entries[id].path == path; });
  if (found) return m_entries[*found];
  m_index.insert(hash, static_cast<std::uint32_t>(m_entries.size()));
  m_entries.push_back(Entry{std::string(path), {}, false, false});
  return m_entries.back();
}

void StateLog::set_live(Entry& e, bool has_record, bool incomplete) {
  bool was = e.live();
  e.has_record = has_record;
  e.incomplete = incomplete;
  if (was != e.live()) m_live += e.live() ? 1 : static_cast<std::size_t>(-1);
}

void StateLog::apply_line(std::string_view line) {
  std::string_view kind = next_field(line);
  if (kind == "R" || kind == "E") {
    auto pid = parse_int(next_field(line));
    if (!pid || *pid <= 0 || *pid > 0x7fffffff) return;
    if (kind == "E") {
      m_running.erase(static_cast<int>(*pid));
      return;
    }
    auto pgid = parse_int(next_field(line));
    auto start = parse_int(next_field(line));
    if (!pgid || *pgid <= 0 || *pgid > 0x7fffffff || !start || *start < 0 || !line.empty()) return;
    m_running[static_cast<int>(*pid)] = sys::ProcessIdentity{
        static_cast<int>(*pid), static_cast<int>(*pgid), static_cast<std::uint64_t>(*start)};
    return;
  }
  std::string path = plain(next_field(line));
  if (path.empty()) return;  // the header, or junk
  if (kind == "I") {
    Entry& e = entry(path);
    set_live(e, e.has_record, true);
  } else if (kind == "F") {
    if (auto found = index_of(path)) set_live(m_entries[*found], false, false);
  } else if (kind == "C") {
    std::string_view rule = next_field(line);
    auto code = parse_hex(next_field(line));
    auto params = parse_hex(next_field(line));
    auto input = parse_hex(next_field(line));
    auto start = parse_int(next_field(line));
    auto end = parse_int(next_field(line));
    if (!code || !params || !input || !start || !end || !line.empty()) return;
    Entry& e = entry(path);
    e.record = OutputRecord{plain(rule), *code, *params, *input, *start, *end};
    set_live(e, true, false);
  }
}

Result<void> StateLog::compact(sys::Filesystem& fs) {
  std::string text(k_header);
  for (const auto& e : m_entries) {
    if (e.has_record) text += record_line(e.path, e.record);
    if (e.incomplete) text += fmt::format("I\t{}\n", escape_field(e.path));
  }
  for (const auto& [pid, process] : m_running)
    text += running_line(process);
  // Written beside the journal, forced to disk, then renamed over it: a crash at any point
  // leaves either journal whole.
  std::string temp = m_path + std::string(k_compacting_suffix);
  auto written = [&]() -> Result<void> {
    auto file = fs.open_append(temp);
    if (!file) return file.error();
    if (auto appended = (*file)->append(text); !appended) return appended;
    if (auto synced = (*file)->sync(); !synced) return synced;
    return ok_result();
  }();
  if (written) written = fs.rename(temp, m_path);
  if (!written) {
    (void)fs.remove(temp);
    return written;
  }
  m_lines = m_live + 1;
  m_size = text.size();
  m_torn = false;
  return ok_result();
}

const OutputRecord* StateLog::find(std::string_view path) const {
  const Entry* e = lookup(path);
  return e != nullptr && e->has_record ? &e->record : nullptr;
}

std::pair<const OutputRecord*, bool> StateLog::status(std::string_view path) const {
  const Entry* e = lookup(path);
  if (e == nullptr) return {nullptr, false};
  return {e->has_record ? &e->record : nullptr, e->incomplete};
}

bool StateLog::is_incomplete(std::string_view path) const {
  const Entry* e = lookup(path);
  return e != nullptr && e->incomplete;
}

Result<void> StateLog::fail(const Error& error) {
  if (!m_failure) {
    m_failure = error;
    m_failure->message +=
        "; flow writes nothing more into the journal and starts no more jobs in this run";
    // Cut a record written in part now (the next run does it otherwise); appending nothing
    // more means nothing can be glued onto it meanwhile.
    if (m_file) (void)m_file->truncate(m_size);
  }
  return *m_failure;
}

Result<void> StateLog::append(const std::string& text) {
  if (!m_file) return make_error(ErrorKind::internal, "the state log is open read-only");
  if (m_failure) return *m_failure;
  // One write per call: a crash leaves at most one torn line, which the next writer cuts.
  const std::string& all = m_ended.empty() ? text : m_ended.append(text);
  if (auto written = m_file->append(all); !written) return fail(written.error());
  m_size += all.size();
  m_unsynced = true;
  for (char c : all)
    m_lines += c == '\n';
  m_ended.clear();
  return ok_result();
}

std::vector<sys::ProcessIdentity> StateLog::running_jobs() const {
  std::vector<sys::ProcessIdentity> jobs;
  jobs.reserve(m_running.size());
  for (const auto& [pid, process] : m_running)
    jobs.push_back(process);
  std::sort(jobs.begin(), jobs.end(), [](const auto& a, const auto& b) { return a.pid < b.pid; });
  return jobs;
}

Result<void> StateLog::record_running(const sys::ProcessIdentity& process) {
  m_running[process.pid] = process;
  return append(running_line(process));
}

void StateLog::record_ended(int pid) {
  if (m_running.erase(pid) > 0) m_ended += fmt::format("E\t{}\n", pid);
}

Result<void> StateLog::mark_incomplete(std::span<const std::string> paths) {
  std::string text;
  for (const auto& path : paths) {
    text += fmt::format("I\t{}\n", escape_field(path));
    Entry& e = entry(path);
    set_live(e, e.has_record, true);
  }
  return text.empty() ? ok_result() : append(text);
}

Result<void> StateLog::record_complete(std::span<const std::string> paths,
                                       const OutputRecord& record) {
  std::string text;
  for (const auto& path : paths) {
    text += record_line(path, record);
    Entry& e = entry(path);
    e.record = record;
    set_live(e, true, false);
  }
  return text.empty() ? ok_result() : append(text);
}

Result<void> StateLog::forget(std::span<const std::string> paths) {
  std::string text;
  for (const auto& path : paths) {
    auto found = index_of(path);
    if (!found || !m_entries[*found].live()) continue;
    set_live(m_entries[*found], false, false);
    text += fmt::format("F\t{}\n", escape_field(path));
  }
  return text.empty() ? ok_result() : append(text);
}

Result<void> StateLog::sync() {
  if (!m_file) return ok_result();
  if (m_failure) return *m_failure;
  if (!m_ended.empty()) {
    if (auto written = append(std::string()); !written) return written;
  }
  m_unsynced = false;
  // A failed fdatasync may have lost what was written since the last one: the journal can
  // no longer be trusted to hold what it is told.
  if (auto synced = m_file->sync(); !synced) return fail(synced.error());
  return ok_result();
}

Result<bool> StateLog::sync_if_due(SteadyTime now, Duration interval) {
  if (!m_unsynced || (m_last_sync && now - *m_last_sync < interval)) return false;
  m_last_sync = now;
  if (auto synced = sync(); !synced) return synced.error();
  return true;
}

}  // namespace flow::state
