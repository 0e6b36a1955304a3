#include "exec/job_script.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "exec/standard_resources.h"
#include "flow/base/strings.h"
#include "flow/exec/envmodules.h"

namespace flow::exec {
namespace {

bool is_shell_name(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

std::string one_line(std::string_view text) {
  std::string line(text);
  std::replace_if(
      line.begin(), line.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return line;
}

// The marker is written last, via a temporary file and rename, so that flow never reads a
// half-written one; `times` adds the CPU time of the job's processes.
constexpr std::string_view k_finish_function =
    "flow_finish() {\n"
    "  { printf 'exit=%s\\ntoken=%s\\nstart=%s\\nend=%s\\n' \"$1\" \"$flow_token\" "
    "\"$flow_start\" \"${EPOCHREALTIME:-$(date +%s)}\"; times; } >\"$flow_marker.tmp\" &&\n"
    "    mv -f \"$flow_marker.tmp\" \"$flow_marker\"\n"
    "  exit \"$1\"\n"
    "}\n";

// `module` is a shell function that batch shells often lack; load its definition from the
// usual places (exec/envmodules.h), and fail the job clearly (exit 97, with a marker) when it
// stays missing.
constexpr std::string_view k_module_missing =
    "if ! command -v module >/dev/null 2>&1; then\n"
    "  echo \"flow: this job needs envmodules, but the 'module' command is not available on "
    "$(hostname)\" >&2\n"
    "  flow_finish 97\n"
    "fi\n";

Result<std::string> render_environment(const JobSpec& spec, const ScriptContext& context) {
  std::string text;
  if (!context.path_env.empty()) text += "export PATH=" + shell_quote(context.path_env) + "\n";
  for (const auto& entry : spec.env) {
    std::size_t equals = entry.find('=');
    std::string_view name = std::string_view(entry).substr(0, equals);
    if (equals == std::string::npos || !is_shell_name(name)) {
      return make_error(ErrorKind::internal,
                        fmt::format("job '{}': environment entry '{}' is not NAME=VALUE",
                                    spec.display_name, entry));
    }
    text += fmt::format("export {}={}\n", name, shell_quote(entry.substr(equals + 1)));
  }
  return text;
}

std::string render_modules(const JobSpec& spec) {
  if (spec.envmodules.empty()) return {};
  std::string text(module_init_text());
  text += k_module_missing;
  for (const auto& module : spec.envmodules) {
    std::string name = shell_quote(module);
    text += fmt::format(
        "module load {} || {{ echo \"flow: module load failed:\" {} >&2; flow_finish 97; }}\n",
        name, name);
  }
  return text;
}

std::string render_command(const JobSpec& spec, const ScriptContext& context) {
  std::vector<std::string> words;
  for (std::size_t i = 0; i < spec.argv.size(); ++i) {
    bool bare_flow = i == 0 && spec.argv[i] == "flow" && !context.flow_binary.empty();
    words.push_back(shell_quote(bare_flow ? context.flow_binary : spec.argv[i]));
  }
  return join(words, " ") + " </dev/null\n";
}

std::optional<double> parse_number(std::string_view text) {
  std::string normal(trim(text));
  std::replace(normal.begin(), normal.end(), ',', '.');  // EPOCHREALTIME follows the locale
  double value = 0;
  auto [end, error] = std::from_chars(normal.data(), normal.data() + normal.size(), value);
  if (error != std::errc() || end != normal.data() + normal.size()) return std::nullopt;
  return value;
}

// One `times` field: "1m2.345s".
std::optional<double> parse_times_field(std::string_view field) {
  std::size_t m = field.find('m');
  if (m == std::string_view::npos || !field.ends_with('s')) return std::nullopt;
  auto minutes = parse_int(field.substr(0, m));
  auto seconds = parse_number(field.substr(m + 1, field.size() - m - 2));
  if (!minutes || !seconds) return std::nullopt;
  return static_cast<double>(*minutes) * 60 + *seconds;
}

}  // namespace

Result<std::string> render_job_script(const JobSpec& spec, const JobFiles& files,
                                      const ScriptContext& context) {
  std::string text = "#!/bin/bash\n";
  for (const auto& directive : context.directives)
    text += directive + "\n";
  text += fmt::format("# flow job {}: {}\n", spec.id, one_line(spec.display_name));
  text += "# Runs the job, then writes its exit status to the marker (docs/cluster.md).\n";
  text += "flow_marker=" + shell_quote(files.marker) + "\n";
  text += "flow_token=" + shell_quote(context.token) + "\n";
  text += "flow_start=${EPOCHREALTIME:-$(date +%s)}\n";
  text += k_finish_function;
  auto body = render_job_body(spec, context);
  if (!body) return body.error();
  text += *body;
  return text;
}

std::string_view finish_function() {
  return k_finish_function;
}

Result<std::string> render_job_body(const JobSpec& spec, const ScriptContext& context) {
  auto environment = render_environment(spec, context);
  if (!environment) return environment.error();
  std::string text = "cd " + shell_quote(spec.cwd()) + " || flow_finish 98\n";
  text += *environment;
  text += render_modules(spec);
  text += render_command(spec, context);
  text += "flow_finish $?\n";
  return text;
}

std::optional<Marker> parse_marker(std::string_view text, std::string_view token) {
  Marker marker;
  bool has_exit = false;
  bool has_token = false;
  std::optional<double> start;
  std::optional<double> end;
  for (const auto& line : split(text, '\n')) {
    std::string_view view = trim(line);
    if (view.starts_with("exit=")) {
      auto code = parse_int(view.substr(5));
      if (!code || *code < 0 || *code > 255) return std::nullopt;
      marker.exit_code = static_cast<int>(*code);
      has_exit = true;
    } else if (view.starts_with("token=")) {
      has_token = view.substr(6) == token;
    } else if (view.starts_with("start=")) {
      start = parse_number(view.substr(6));
    } else if (view.starts_with("end=")) {
      end = parse_number(view.substr(4));
    } else if (auto fields = split(view, ' '); fields.size() == 2) {
      // `times` prints the shell's own times, then its children's: the last line wins.
      auto user = parse_times_field(fields[0]);
      auto system = parse_times_field(fields[1]);
      if (user && system) marker.cpu_seconds = *user + *system;
    }
  }
  if (!has_exit || !has_token) return std::nullopt;
  if (start && end && *end >= *start) marker.wall_seconds = *end - *start;
  return marker;
}

std::string safe_job_name(std::string_view text, std::size_t max_length) {
  std::string name;
  bool gap = false;
  for (char c : text) {
    bool allowed = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
    if (!allowed) {
      gap = true;
      continue;
    }
    if (gap && !name.empty()) name += '_';
    gap = false;
    name += c;
  }
  if (name.empty() || !std::isalpha(static_cast<unsigned char>(name.front()))) name = "j" + name;
  if (name.size() > max_length) name.resize(max_length);
  return name;
}

std::string submission_job_name(std::string_view text, std::string_view tag,
                                std::size_t max_length) {
  if (tag.empty()) return safe_job_name(text, max_length);
  std::size_t room = max_length > tag.size() + 2 ? max_length - tag.size() - 1 : 1;
  std::string name = safe_job_name(text, room);
  name += '.';
  name += tag;
  return name;
}

std::string_view name_tag(std::string_view token) {
  return token.substr(0, 6);
}

std::optional<long> parse_walltime(const ResourceValue& value) {
  if (value.is_int) {
    if (value.number < 0) return std::nullopt;
    return static_cast<long>(value.number) * 60;
  }
  std::string_view text = trim(value.text);
  if (!text.empty() && std::isalpha(static_cast<unsigned char>(text.back()))) {
    return parse_duration_with_units(text);  // Snakemake 8's "1h30m"
  }
  long days = 0;
  if (std::size_t dash = text.find('-'); dash != std::string_view::npos) {
    auto parsed = parse_int(text.substr(0, dash));
    if (!parsed || *parsed < 0 || text.find(':') == std::string_view::npos) return std::nullopt;
    days = static_cast<long>(*parsed);
    text = text.substr(dash + 1);
  }
  auto parts = split(text, ':');
  if (parts.empty() || parts.size() > 3) return std::nullopt;
  long seconds = 0;
  for (const auto& part : parts) {
    auto number = parse_int(part);
    if (part.empty() || !number || *number < 0 || part.front() == '+') return std::nullopt;
    seconds = seconds * 60 + static_cast<long>(*number);
  }
  if (parts.size() == 1) seconds *= 60;  // a bare number counts minutes
  return days * 86400 + seconds;
}

std::string format_walltime(long seconds) {
  return fmt::format("{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
}

Result<std::optional<long>> job_walltime(const JobSpec& spec) {
  // `runtime` is Snakemake's name (minutes); `walltime` is flow's v1 name, kept as an alias.
  auto runtime = spec.resources.find("runtime");
  auto walltime = spec.resources.find("walltime");
  if (runtime != spec.resources.end() && walltime != spec.resources.end()) {
    return make_error(ErrorKind::job,
                      fmt::format("rule '{}': resources runtime and walltime are both given; keep "
                                  "one (walltime is flow's other name for runtime)",
                                  spec.rule));
  }
  auto it = runtime != spec.resources.end() ? runtime : walltime;
  if (it == spec.resources.end()) return std::optional<long>();
  auto seconds = parse_walltime(it->second);
  if (!seconds) {
    return make_error(ErrorKind::job,
                      fmt::format("rule '{}': resource {} '{}' is not a time: whole minutes, "
                                  "HH:MM:SS, MM:SS, D-HH:MM:SS or with units (\"1h30m\")",
                                  spec.rule, it->first, it->second.text));
  }
  return std::optional<long>(*seconds);
}

bool is_safe_directive_value(std::string_view text) {
  if (text.empty()) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("_.:+=@%/-").find(c) != std::string_view::npos;
  });
}

std::string last_lines(std::string_view text, std::size_t lines) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
    text.remove_suffix(1);
  if (lines == 0) return {};
  std::size_t count = 0;
  std::size_t end = text.size();
  while (end > 0) {
    std::size_t newline = text.rfind('\n', end - 1);
    if (newline == std::string_view::npos) break;
    if (++count == lines) return std::string(text.substr(newline + 1));
    end = newline;
  }
  return std::string(text);
}

}  // namespace flow::exec
