#include "flow/dag/job_render.h"

#include "flow/base/strings.h"

namespace flow::dag {
namespace {

using pattern::Placeholder;
using pattern::PlaceholderKind;

void append_paths(const Dag& dag, const std::vector<FileRef>& refs,
                  const std::vector<rules::FileSpec>& specs, const Placeholder& p, Quoting quoting,
                  std::string& out) {
  bool first = true;
  auto add = [&](const FileRef& ref) {
    if (!first) out += ' ';
    first = false;
    const std::string& path = dag.path(ref.file);
    bool quote = quoting == Quoting::shell && p.quoting != pattern::PlaceholderQuoting::raw;
    out += quote ? shell_quote(path) : path;
  };
  // A checkpoint output a glob lies under is none of the job's files (k_flag_glob_root).
  std::size_t position = 0;
  for (const auto& ref : refs) {
    if ((ref.flags & k_flag_glob_root) != 0) continue;
    if (p.index) {
      if (position++ != static_cast<std::size_t>(*p.index)) continue;
      add(ref);
      return;
    }
    if (p.key.empty() || specs[ref.item].name == p.key) add(ref);
  }
}

class Renderer {
 public:
  Renderer(const Dag& dag, JobId job, const RenderValues& values, Quoting quoting)
      : m_dag(dag),
        m_job(dag.job(job)),
        m_rule(dag.rule_of(job)),
        m_values(values),
        m_quoting(quoting) {}

  void operator()(const Placeholder& p, std::string& out) const {
    if (p.quoting == pattern::PlaceholderQuoting::quoted && m_quoting == Quoting::shell &&
        p.kind != PlaceholderKind::input && p.kind != PlaceholderKind::output &&
        p.kind != PlaceholderKind::log) {
      // `:q`: the value as one shell word (paths are quoted each already), rendered unquoted
      // first so that a wildcard inside a param is not quoted twice.
      std::string value;
      Renderer(m_dag, m_job.id, m_values, Quoting::none).append_value(p, value);
      out += shell_quote(value);
      return;
    }
    append_value(p, out);
  }

  /// A lookup's value; a list's items joined by spaces, like a config list (never quoted:
  /// values from tables are like params). Checked when the DAG was built, so it succeeds.
  void append_lookup(std::size_t index, std::string& out) const {
    std::vector<std::string_view> values;
    auto appended = m_dag.rule_set().lookup_sources().append_values(m_rule.lookups[index],
                                                                    m_job.wildcards, values);
    if (!appended) return;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0) out += ' ';
      out += values[i];
    }
  }

 private:
  void append_value(const Placeholder& p, std::string& out) const {
    switch (p.kind) {
      case PlaceholderKind::input:
        append_paths(m_dag, m_job.inputs, m_rule.inputs, p, m_quoting, out);
        break;
      case PlaceholderKind::output:
        append_paths(m_dag, m_job.outputs, m_rule.outputs, p, m_quoting, out);
        break;
      case PlaceholderKind::log:
        append_paths(m_dag, m_job.logs, m_rule.logs, p, m_quoting, out);
        break;
      case PlaceholderKind::params:
        for (const auto& param : m_rule.params) {
          if (param.name == p.key) out += param.value.render(*this);
        }
        break;
      case PlaceholderKind::wildcards:
        append_wildcards(p, out);
        break;
      case PlaceholderKind::threads:
        out += std::to_string(m_values.threads);
        break;
      case PlaceholderKind::resources:
        if (m_values.resources != nullptr) {
          if (auto found = m_values.resources->find(p.key); found != m_values.resources->end())
            out += found->second;
        } else if (const auto* resource = m_rule.resource(p.key))
          out += resource->text_for(m_values.attempt);
        break;
      case PlaceholderKind::rule:
        out += m_rule.name;
        break;
      case PlaceholderKind::jobid:
        out += std::to_string(m_values.jobid);
        break;
      case PlaceholderKind::attempt:
        out += std::to_string(m_values.attempt);
        break;
      case PlaceholderKind::lookup:
        if (auto index = m_rule.find_lookup(p.key)) append_lookup(*index, out);
        break;
    }
  }

  // Issue 9 faults 3 (security): wildcard values come from file names, which are not
  // trusted, so in a shell command they are quoted where needed, like paths; `:raw` opts out.
  void append_wildcards(const Placeholder& p, std::string& out) const {
    std::string value;
    for (std::size_t i = 0; i < m_rule.wildcard_names.size(); ++i) {
      if (p.key.empty()) {
        if (i > 0) value += ',';
        value += m_rule.wildcard_names[i] + "=" + m_job.wildcards[i];
      } else if (m_rule.wildcard_names[i] == p.key) {
        value += m_job.wildcards[i];
      }
    }
    bool quote = m_quoting == Quoting::shell && p.quoting != pattern::PlaceholderQuoting::raw;
    out += quote ? shell_quote(value) : value;
  }

  const Dag& m_dag;
  const Job& m_job;
  const rules::Rule& m_rule;
  RenderValues m_values;
  Quoting m_quoting;
};

std::vector<NamedPath> named_paths(const Dag& dag, const std::vector<FileRef>& refs,
                                   const std::vector<rules::FileSpec>& specs) {
  std::vector<NamedPath> paths;
  paths.reserve(refs.size());
  for (const auto& ref : refs) {
    if ((ref.flags & k_flag_glob_root) == 0)
      paths.push_back({specs[ref.item].name, dag.path(ref.file)});
  }
  return paths;
}

}  // namespace

std::string render(const Dag& dag, JobId job, const pattern::Template& tmpl,
                   const RenderValues& values, Quoting quoting) {
  return tmpl.render(Renderer(dag, job, values, quoting));
}

std::vector<std::pair<std::string, std::string>> render_params(const Dag& dag, JobId job,
                                                               const RenderValues& values) {
  std::vector<std::pair<std::string, std::string>> params;
  for (const auto& param : dag.rule_of(job).params) {
    params.emplace_back(param.name, render(dag, job, param.value, values, Quoting::none));
  }
  return params;
}

BuiltinInvocation builtin_invocation(const Dag& dag, JobId job, const RenderValues& values) {
  const Job& j = dag.job(job);
  const rules::Rule& rule = dag.rule_of(job);
  BuiltinInvocation invocation;
  invocation.name = rule.builtin;
  invocation.inputs = named_paths(dag, j.inputs, rule.inputs);
  invocation.outputs = named_paths(dag, j.outputs, rule.outputs);
  for (const auto& log : j.logs)
    invocation.logs.push_back(dag.path(log.file));
  for (const auto& arg : rule.with) {
    invocation.args[arg.name] = render(dag, job, arg.value, values, Quoting::none);
  }
  invocation.threads = values.threads;
  return invocation;
}

Fingerprint fingerprint(const Dag& dag, JobId job) {
  const rules::Rule& rule = dag.rule_of(job);
  RenderValues values{rule.threads, 0, 1};
  Fingerprint print;
  // The image is part of the step (spec §9): a changed image reruns as a changed command does.
  print.code = rule.container.empty()
                   ? hash_string(rule.code)
                   : hash_string(rule.code + '\0' + "container:" + rule.container);
  std::uint64_t params = hash_string("");
  for (const auto& [name, value] : render_params(dag, job, values)) {
    params = hash_string(name + "=" + value + '\0', params);
  }
  for (const auto& arg : rule.with) {
    params = hash_string(arg.name + "=" + render(dag, job, arg.value, values, Quoting::none) + '\0',
                         params);
  }
  // Lookups in the command: the command as written does not show their values (the code
  // trigger), so they count as params. Rules without them hash as before.
  for (std::size_t index : rule.shell_lookups) {
    std::string value;
    Renderer(dag, job, values, Quoting::none).append_lookup(index, value);
    params = hash_string("{" + rule.lookups[index].text + "}=" + value + '\0', params);
  }
  print.params = params;
  std::uint64_t inputs = hash_string("");
  for (const auto& input : dag.job(job).inputs) {
    // FNV-1a is sequential: the same hash as of path + '\0', without building that string.
    inputs = hash_string(std::string_view("\0", 1), hash_string(dag.path(input.file), inputs));
  }
  print.inputs = inputs;
  return print;
}

}  // namespace flow::dag
