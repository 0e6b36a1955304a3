#include "exec/cluster_job.h"

#include <cctype>

#include <fmt/format.h>

#include "flow/base/strings.h"

namespace flow::exec {
namespace {

std::string path_safe(std::string_view text) {
  std::string safe;
  for (char c : text) {
    bool allowed = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
    safe += allowed ? c : '_';
  }
  if (safe.empty() || safe.front() == '.') safe.insert(safe.begin(), '_');
  return safe;
}

}  // namespace

JobFiles job_files(const std::string& state_dir, const JobSpec& spec) {
  std::string key = spec.identity.empty() ? fmt::format("job{}", spec.id) : spec.identity;
  return files_in(fmt::format("{}/{}.{}", state_dir, path_safe(spec.rule), path_safe(key)));
}

JobFiles files_in(const std::string& dir) {
  JobFiles files;
  files.dir = dir;
  files.script = files.dir + "/job.sh";
  files.stdout_path = files.dir + "/stdout";
  files.stderr_path = files.dir + "/stderr";
  files.marker = files.dir + "/exit";
  files.record = files.dir + "/id";
  return files;
}

std::string format_record(const JobRecord& record) {
  std::string text = fmt::format("backend={}\n", record.backend);
  if (!record.id.empty()) text += fmt::format("id={}\n", record.id);
  text += fmt::format("token={}\nname={}\n", record.token, escape_field(record.name));
  if (!record.scheduler_name.empty()) text += fmt::format("job_name={}\n", record.scheduler_name);
  if (!record.group.empty()) text += fmt::format("group={}\n", escape_field(record.group));
  return text;
}

std::optional<JobRecord> parse_record(std::string_view text) {
  JobRecord record;
  for (const auto& line : split(text, '\n')) {
    std::size_t equals = line.find('=');
    if (equals == std::string::npos) continue;
    std::string_view key = std::string_view(line).substr(0, equals);
    std::string value = line.substr(equals + 1);
    if (key == "backend") record.backend = value;
    if (key == "id") record.id = value;
    if (key == "token") record.token = value;
    if (key == "name") record.name = unescape_field(value);
    if (key == "job_name") record.scheduler_name = value;
    if (key == "group") record.group = unescape_field(value);
  }
  if (record.backend.empty() || record.token.empty()) return std::nullopt;
  if (record.id.empty() && record.scheduler_name.empty() && record.group.empty()) {
    return std::nullopt;
  }
  return record;
}

std::string make_token(const JobSpec& spec, TimeStamp wall_now, std::uint64_t counter) {
  return hex64(
      hash_string(fmt::format("{}\n{}\n{}\n{}", spec.identity, spec.id, wall_now, counter)));
}

Result<void> write_fresh(sys::Filesystem& fs, const std::string& path, std::string_view contents) {
  if (auto removed = fs.remove(path); !removed) return removed.error();
  auto created = fs.create_exclusive(path, contents);
  if (!created) return created.error();
  if (!*created)
    return make_error(ErrorKind::io, fmt::format("cannot write '{}': it reappeared", path));
  return ok_result();
}

std::string relative_to(std::string_view path, std::string_view dir) {
  if (!dir.empty() && path.size() > dir.size() + 1 && path.starts_with(dir) &&
      path[dir.size()] == '/') {
    return std::string(path.substr(dir.size() + 1));
  }
  return std::string(path);
}

}  // namespace flow::exec
