#pragma once
// `script:` and `run:` steps (spec §8) from the workflow file's rule.

#include <memory>
#include <vector>

#include "flow/base/error_list.h"
#include "flow/flowfile/flowfile.h"
#include "flow/rules/rule.h"

namespace flow::rules {

/// What every script rule shares, made once for the first that needs it: the config as the
/// scripts see it, and the workflow's `python:` helpers.
class ScriptShared {
 public:
  explicit ScriptShared(const flowfile::Flowfile& file) : m_file(file) {}
  std::shared_ptr<const ScriptConfig> config();
  std::shared_ptr<const std::vector<PythonSource>> helpers();

 private:
  const flowfile::Flowfile& m_file;
  std::shared_ptr<const ScriptConfig> m_config;
  std::shared_ptr<const std::vector<PythonSource>> m_helpers;
};

/// `script: PATH`: the interpreter from the extension or the shebang (an error at the value
/// when neither tells); the script's text is the rule's code.
void build_script_step(const flowfile::RuleDef& def, Rule& rule, ScriptShared& shared,
                       ErrorList& errors);

/// `run: |`: a Python script job whose code is the helpers and the block.
void build_run_step(const flowfile::RuleDef& def, Rule& rule, ScriptShared& shared);

}  // namespace flow::rules
