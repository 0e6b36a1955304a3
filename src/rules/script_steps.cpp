#include "rules/script_steps.h"

#include <fmt/format.h>

namespace flow::rules {

std::shared_ptr<const ScriptConfig> ScriptShared::config() {
  if (!m_config)
    m_config = std::make_shared<const ScriptConfig>(render_script_config(m_file.config));
  return m_config;
}

std::shared_ptr<const std::vector<PythonSource>> ScriptShared::helpers() {
  if (!m_helpers) {
    std::vector<PythonSource> sources;
    for (const auto& helper : m_file.python)
      sources.push_back({helper.location.file, helper.first_line, helper.text});
    m_helpers = std::make_shared<const std::vector<PythonSource>>(std::move(sources));
  }
  return m_helpers;
}

void build_script_step(const flowfile::RuleDef& def, Rule& rule, ScriptShared& shared,
                       ErrorList& errors) {
  std::string_view text = def.script_text ? std::string_view(*def.script_text) : std::string_view();
  auto interpreter = choose_interpreter(def.script->value, text);
  if (!interpreter) {
    errors.add(def.script->location,
               fmt::format("rule '{}': cannot tell which interpreter runs the script '{}'",
                           def.name, def.script->value),
               {},
               {"name it .py (python3), .R (Rscript), .sh (bash) or .jl (julia), or start it "
                "with a shebang line such as #!/usr/bin/env python3"});
    return;
  }
  rule.step = StepKind::script;
  rule.script.emplace();
  rule.script->path = def.script->value;
  rule.script->interpreter = *interpreter;
  rule.script->config = shared.config();
  rule.code = std::string(text);
}

void build_run_step(const flowfile::RuleDef& def, Rule& rule, ScriptShared& shared) {
  const flowfile::PythonText& run = *def.run;
  rule.step = StepKind::script;
  rule.script.emplace();
  rule.script->config = shared.config();
  rule.script->run =
      RunBlock{shared.helpers(), PythonSource{run.location.file, run.first_line, run.text}};
  rule.code = run_block_code(*rule.script->run);
}

}  // namespace flow::rules
