#include "exec/group_script.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "flow/base/strings.h"

namespace flow::exec {
namespace {

bool is_runtime(const std::string& name) {
  return name == "runtime" || name == "walltime";
}

std::string one_line(std::string_view text) {
  std::string line(text);
  std::replace_if(
      line.begin(), line.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return line;
}

}  // namespace

Result<JobSpec> group_request(const std::string& group, std::span<const JobSpec> members) {
  if (members.empty()) {
    return make_error(ErrorKind::internal, fmt::format("group '{}' has no jobs", group));
  }
  const JobSpec& first = members.front();
  JobSpec request;
  request.id = first.id;
  request.rule = fmt::format("group_{}", group);
  request.display_name = fmt::format("group {}", group);
  request.workdir = first.workdir;
  request.env = first.env;
  std::string identity = group;
  long runtime = 0;
  bool has_runtime = false;
  std::map<std::string, std::string> text_owner;  // resource -> rule that set it
  for (const auto& member : members) {
    identity += "\n" + member.identity;
    request.threads = std::max(request.threads, member.threads);
    auto seconds = job_walltime(member);
    if (!seconds) return seconds.error();
    if (*seconds) {
      runtime += **seconds;
      has_runtime = true;
    }
    for (const auto& [name, value] : member.resources) {
      if (is_runtime(name)) continue;
      auto [it, fresh] = request.resources.emplace(name, value);
      if (fresh) {
        text_owner[name] = member.rule;
        continue;
      }
      ResourceValue& have = it->second;
      if (value.is_int && have.is_int) {
        if (value.number > have.number) have = value;  // the largest covers every member
      } else if (value.text != have.text) {
        return make_error(
            ErrorKind::job,
            fmt::format("group '{}': its jobs ask for different {}: '{}' (rule "
                        "'{}') and '{}' (rule '{}'); one submission can ask for one",
                        group, name, have.text, text_owner[name], value.text, member.rule));
      }
    }
  }
  if (has_runtime) {
    // The members run one after the other: the submission needs all their times.
    ResourceValue total;
    total.text = format_walltime(runtime);
    request.resources["runtime"] = total;
  }
  request.identity = fmt::format("g{}", hex64(hash_string(identity)));
  return request;
}

Result<std::string> render_group_script(const std::string& group, std::span<const JobSpec> members,
                                        std::span<const JobFiles> member_files,
                                        const std::vector<std::vector<std::size_t>>& needs,
                                        const JobFiles& files, const ScriptContext& context) {
  if (member_files.size() != members.size() || needs.size() != members.size()) {
    return make_error(ErrorKind::internal,
                      fmt::format("group '{}': members and files differ", group));
  }
  std::string text = "#!/bin/bash\n";
  for (const auto& directive : context.directives)
    text += directive + "\n";
  text += fmt::format("# flow group {}: {} jobs\n", one_line(group), members.size());
  text +=
      "# Runs each job in a subshell that writes the job's own marker, skips a job whose\n"
      "# needed job did not exit 0 (no marker), then writes the group's marker "
      "(docs/cluster.md).\n";
  text += "flow_token=" + shell_quote(context.token) + "\n";
  text += "flow_group_start=${EPOCHREALTIME:-$(date +%s)}\n";
  text += finish_function();
  text += "flow_group_status=0\n";
  for (std::size_t p = 0; p < members.size(); ++p) {
    const JobSpec& member = members[p];
    auto body = render_job_body(member, context);
    if (!body) return body.error();
    text += fmt::format("# {}: job {}: {}\n", p, member.id, one_line(member.display_name));
    text += fmt::format("flow_rc_{}=125\n", p);
    std::string condition;
    for (std::size_t q : needs[p]) {
      if (q >= p) {
        return make_error(ErrorKind::internal,
                          fmt::format("group '{}': job {} needs a job after it", group, member.id));
      }
      if (!condition.empty()) condition += " && ";
      condition += fmt::format("[ \"$flow_rc_{}\" = 0 ]", q);
    }
    if (!condition.empty()) text += fmt::format("if {}; then\n", condition);
    text += fmt::format("(\nflow_marker={}\nflow_start=${{EPOCHREALTIME:-$(date +%s)}}\n",
                        shell_quote(member_files[p].marker));
    text += *body;  // not indented: a quoted command may hold newlines
    text += fmt::format(") >{} 2>{}\nflow_rc_{}=$?\n", shell_quote(member_files[p].stdout_path),
                        shell_quote(member_files[p].stderr_path), p);
    if (!condition.empty()) text += "fi\n";
    text += fmt::format("[ \"$flow_rc_{}\" = 0 ] || flow_group_status=1\n", p);
  }
  text += "flow_marker=" + shell_quote(files.marker) + "\n";
  text += "flow_start=$flow_group_start\n";
  text += "flow_finish $flow_group_status\n";
  return text;
}

}  // namespace flow::exec
