#include "flow/run/job_spec_builder.h"

#include <algorithm>
#include <array>
#include <string_view>

#include <fmt/format.h>

#include "flow/base/state_layout.h"
#include "flow/base/strings.h"
#include "flow/dag/job_render.h"
#include "flow/run/script_job.h"

namespace flow::run {
namespace {

// Words bash treats itself, which a direct exec would get wrong or not find.
constexpr std::array<std::string_view, 74> k_shell_words = {
    ".",       ":",        "alias",    "bg",      "bind",     "break",    "builtin", "caller",
    "case",    "cd",       "command",  "compgen", "complete", "continue", "declare", "dirs",
    "disown",  "do",       "done",     "echo",    "elif",     "else",     "enable",  "esac",
    "eval",    "exec",     "exit",     "export",  "false",    "fc",       "fg",      "fi",
    "for",     "function", "getopts",  "hash",    "help",     "history",  "if",      "in",
    "jobs",    "kill",     "let",      "local",   "logout",   "popd",     "printf",  "pushd",
    "pwd",     "read",     "readonly", "return",  "select",   "set",      "shift",   "shopt",
    "source",  "suspend",  "test",     "then",    "time",     "trap",     "true",    "type",
    "typeset", "ulimit",   "umask",    "unalias", "unset",    "until",    "wait",    "while",
    "times",   "[",
};

bool is_plain_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '/' || c == ',' || c == ':' || c == '=' || c == '+' || c == '@' ||
         c == '%' || c == '-' || c == ' ';
}

bool is_shell_word(std::string_view word) {
  return std::find(k_shell_words.begin(), k_shell_words.end(), word) != k_shell_words.end();
}

std::string shown_path(const NamedPath& item);

// A path the job opens, as it must be written for the directory it runs in: a shadow job
// runs in .flow/shadow/..., so flow's own files (and a script: file) are named absolutely.
std::string job_path(const std::string& path, const dag::Dag& dag, JobId job,
                     const SpecOptions& options) {
  if (dag.rule_of(job).shadow == rules::ShadowMode::none || path.starts_with('/')) return path;
  return options.workdir + "/" + path;
}

// The argv of a built-in step (`flow builtin NAME --in ...`) and how it is shown.
void set_builtin_command(const dag::Dag& dag, JobId job, const dag::RenderValues& values,
                         const SpecOptions& options, exec::JobSpec& spec) {
  auto words = encode_builtin_args(dag::builtin_invocation(dag, job, values));
  spec.argv = {options.flow_binary};
  spec.argv.insert(spec.argv.end(), words.begin(), words.end());
  spec.command_text = builtin_display(dag::builtin_invocation(dag, job, values));
}

// "name=path" for a named item, else the path; quoted only where it needs it.
std::string shown_path(const NamedPath& item) {
  return item.name.empty() ? shell_quote(item.path) : item.name + "=" + shell_quote(item.path);
}

// Spec §1: a shell step runs as `bash -c 'set -euo pipefail; COMMAND'`; see the header for
// the two other ways.
void set_shell_command(const dag::Dag& dag, JobId job, const dag::RenderValues& values,
                       const SpecOptions& options, BuiltSpec& built) {
  const rules::Rule& rule = dag.rule_of(job);
  exec::JobSpec& spec = built.spec;
  spec.command_text = dag::render(dag, job, *rule.shell, values, dag::Quoting::shell);
  if (spec.command_text.size() > options.max_inline_command) {
    std::string path = job_path(fmt::format("{}/{}/{}-{}.sh", options.state_dir,
                                            layout::k_scripts_dir, rule.name, job.value),
                                dag, job, options);
    spec.argv = {"bash", path};
    built.files.push_back({std::move(path), "set -euo pipefail\n" + spec.command_text + "\n"});
  } else if (auto words = split_simple_command(spec.command_text)) {
    spec.argv = std::move(*words);
  } else {
    spec.argv = {"bash", "-c", "set -euo pipefail; " + spec.command_text};
  }
}

// Spec §8: the interpreter runs the user's file under its own name; what the job is (files,
// params, wildcards...) comes from $FLOW_JOB and, for R and bash, a preamble file.
void set_script_command(const dag::Dag& dag, JobId job, const dag::RenderValues& values,
                        const SpecOptions& options, BuiltSpec& built) {
  const rules::Rule& rule = dag.rule_of(job);
  const rules::ScriptStep& script = *rule.script;
  exec::JobSpec& spec = built.spec;
  BuiltinInvocation files = dag::builtin_invocation(dag, job, values);
  ScriptJob data;
  data.rule = rule.name;
  data.jobid = job.value;
  data.attempt = values.attempt;
  data.threads = values.threads;
  data.input = std::move(files.inputs);
  data.output = std::move(files.outputs);
  for (auto& log : files.logs)
    data.log.push_back({"", std::move(log)});
  data.params = dag::render_params(dag, job, values);
  const auto& wildcard_values = dag.job(job).wildcards;
  for (std::size_t i = 0; i < rule.wildcard_names.size() && i < wildcard_values.size(); ++i)
    data.wildcards.emplace_back(rule.wildcard_names[i], wildcard_values[i]);
  data.resources = spec.resources;
  if (script.config) {
    data.config_json = script.config->json;
    data.config_r = script.config->r;
  }
  data.run = script.run;
  std::string base = job_path(
      fmt::format("{}/{}/{}-{}", options.state_dir, layout::k_jobs_dir, rule.name, job.value), dag,
      job, options);
  std::string script_path = job_path(script.path, dag, job, options);
  std::string program(rules::interpreter_program(script.interpreter));
  spec.env.push_back("FLOW_JOB=" + base + ".json");
  built.files.push_back({base + ".json", script_job_json(data)});
  if (script.run) {
    // A run: block has no file to name: shown as the workflow file's line where it starts.
    const rules::PythonSource& block = script.run->block;
    spec.command_text = fmt::format("{} {}:{}", program, block.file, block.first_line);
    spec.argv = {program, "-c", std::string(python_run_boot_code())};
    return;
  }
  spec.command_text = program + " " + shell_quote(script.path);
  switch (script.interpreter) {
    case rules::Interpreter::python:
      spec.argv = {program, "-c", std::string(python_boot_code()), script_path};
      break;
    case rules::Interpreter::r:
      spec.argv = {program, base + ".R"};
      built.files.push_back({base + ".R", r_preamble(data, script_path)});
      break;
    case rules::Interpreter::bash:
      spec.argv = {program, script_path};
      spec.env.push_back("BASH_ENV=" + base + ".sh");
      built.files.push_back({base + ".sh", bash_preamble(data)});
      break;
    case rules::Interpreter::julia:
      spec.argv = {program, script_path};
      break;
  }
}

// Spec §9: the image runs the command (here and in a cluster job script alike); the modules
// are loaded around it on this machine, so that `module load apptainer` can bring the
// runtime. A cluster job's script loads the modules itself (exec/job_script.cpp).
void wrap_in_environment(const rules::Rule& rule, const SpecOptions& options, exec::JobSpec& spec) {
  if (rule.step == rules::StepKind::builtin || rule.step == rules::StepKind::none) return;
  if (!rule.container.empty() && options.container_runtime != ContainerRuntime::none) {
    ContainerPlace place{spec.workdir, options.uid, options.gid, spec.env};
    spec.argv = container_argv(options.container_runtime, rule.container, place, spec.argv);
  }
  if (options.use_envmodules && spec.local && !rule.envmodules.empty())
    spec.argv = envmodules_argv(rule.name, rule.envmodules, spec.argv);
}

}  // namespace

std::string builtin_display(const BuiltinInvocation& invocation) {
  std::string text = invocation.name;
  std::vector<std::string> items;
  for (const auto& input : invocation.inputs)
    items.push_back(shown_path(input));
  // Appends rather than `" " + join(...)`: GCC 12 at -O3 reports a false -Wrestrict on
  // operator+(const char*, string&&).
  if (!items.empty()) text.append(" ").append(join(items, " "));
  items.clear();
  for (const auto& output : invocation.outputs)
    items.push_back(shown_path(output));
  text.append(" -> ").append(join(items, " "));
  items.clear();
  for (const auto& [name, value] : invocation.args)
    items.push_back(name + "=" + shell_quote(value));
  if (!items.empty()) text.append(" with ").append(join(items, " "));
  for (const auto& log : invocation.logs)
    text.append(" log ").append(shell_quote(log));
  return text;
}

std::string shadow_dir(const SpecOptions& options, const exec::JobSpec& spec) {
  std::string state = options.state_dir.starts_with('/')
                          ? options.state_dir
                          : options.workdir + "/" + options.state_dir;
  return fmt::format("{}/{}/{}-{}", state, layout::k_shadow_dir, spec.rule, spec.identity);
}

bool runs_locally(const rules::Rule& rule, bool remote) {
  return !remote || rule.local || rule.step == rules::StepKind::none;
}

int job_threads(const rules::Rule& rule, const SpecOptions& options) {
  // Spec §3: a job gets min(threads, cores). `threads: 0` stays 0, as in Snakemake
  // (test_threads0): such a job takes no core slot (decisions.md).
  if (rule.threads == 0) return 0;
  if (runs_locally(rule, options.remote)) return std::max(std::min(rule.threads, options.cores), 1);
  return rule.threads;
}

std::optional<std::int64_t> resource_amount(JobId job, const rules::Resource& resource, int attempt,
                                            const SpecOptions& options) {
  if (resource.auto_sized() && options.sizer != nullptr) {
    if (auto sized = options.sizer->size(job, resource, attempt)) return sized;
  }
  if (!resource.has_value || !resource.is_int) return std::nullopt;
  return resource.amount(attempt);
}

BuiltSpec build_job_spec(const dag::Dag& dag, JobId job, int attempt, const SpecOptions& options) {
  const rules::Rule& rule = dag.rule_of(job);
  const dag::Job& j = dag.job(job);
  BuiltSpec built;
  exec::JobSpec& spec = built.spec;
  spec.id = job.value;
  spec.rule = rule.name;
  spec.wildcards = dag.wildcards_text(job);
  spec.display_name = dag.label(job);
  spec.workdir = options.workdir;
  spec.local = runs_locally(rule, options.remote);
  spec.threads = job_threads(rule, options);
  std::map<std::string, std::string> resource_texts;  // what {resources.NAME} gives this try
  for (const auto& resource : rule.resources) {
    std::optional<std::int64_t> sized;
    if (resource.auto_sized() && options.sizer != nullptr)
      sized = options.sizer->size(job, resource, attempt);
    if (sized) {
      spec.resources[resource.name] = exec::ResourceValue{true, *sized, std::to_string(*sized)};
      resource_texts[resource.name] = std::to_string(*sized);
      continue;
    }
    if (!resource.has_value) continue;  // `auto` without history or fallback: nothing asked
    auto amount = resource.amount(attempt);
    if (resource.is_int && !amount) {
      // Checked for the first try at load; a later try can still go below zero ("5000 - 2000 *
      // {attempt}") or out of range.
      auto value = resource.formula->evaluate(attempt);
      built.problem = fmt::format(
          "resource '{}' = \"{}\" gives {} for try {}; a resource must be 0 or more", resource.name,
          resource.text, value ? std::to_string(*value) : std::string("a number out of range"),
          attempt);
    }
    spec.resources[resource.name] =
        exec::ResourceValue{resource.is_int, amount.value_or(0), resource.text_for(attempt)};
    resource_texts[resource.name] = resource.text_for(attempt);
  }
  spec.envmodules = rule.envmodules;
  for (const auto& ref : j.outputs)
    spec.outputs.push_back(dag.path(ref.file));
  if (!j.logs.empty()) spec.log = dag.path(j.logs.front().file);
  spec.identity = hex64(hash_string(rule.name + '\0' + spec.wildcards));
  if (rule.shadow != rules::ShadowMode::none) spec.rundir = shadow_dir(options, spec);
  dag::RenderValues values{spec.threads, job.value, attempt, &resource_texts};
  if (rule.step == rules::StepKind::builtin) {
    set_builtin_command(dag, job, values, options, spec);
  } else if (rule.step == rules::StepKind::shell) {
    set_shell_command(dag, job, values, options, built);
  } else if (rule.step == rules::StepKind::script) {
    set_script_command(dag, job, values, options, built);
  }
  wrap_in_environment(rule, options, spec);
  return built;
}

std::optional<std::vector<std::string>> split_simple_command(const std::string& command) {
  if (!std::all_of(command.begin(), command.end(), is_plain_char)) return std::nullopt;
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < command.size()) {
    std::size_t end = command.find(' ', start);
    if (end == std::string::npos) end = command.size();
    if (end > start) words.push_back(command.substr(start, end - start));
    start = end + 1;
  }
  if (words.empty() || is_shell_word(words.front()) ||
      words.front().find('=') != std::string::npos) {
    return std::nullopt;
  }
  return words;
}

}  // namespace flow::run
