#include "cli/completion.h"

#include <fmt/format.h>

#include "cli/workflow.h"
#include "flow/base/strings.h"
#include "flow/exec/executor_registry.h"

namespace flow::cli {
namespace {

enum class ValueKind { none, file, directory, choice, target };

struct ValueCompletion {
  ValueKind kind = ValueKind::none;
  std::string choices;  ///< for ValueKind::choice, separated by spaces
};

std::string executor_choices() {
  std::vector<std::string> names;
  for (const auto& entry : exec::executor_entries())
    names.emplace_back(entry.name);
  return join(names, " ");
}

// What follows an option that takes a value, by its long name.
ValueCompletion value_completion(const OptionInfo& option) {
  auto is = [&](std::initializer_list<std::string_view> names) {
    for (auto n : names) {
      for (const auto& own : option.names)
        if (own == n) return true;
    }
    return false;
  };
  if (is({"--flowfile", "--configfile", "--report", "--cleanup-metadata"}))
    return {ValueKind::file, ""};
  if (is({"--directory", "--profile"})) return {ValueKind::directory, ""};
  if (is({"--forcerun", "--until", "--omit-from"})) return {ValueKind::target, ""};
  if (is({"--executor"})) return {ValueKind::choice, executor_choices()};
  if (is({"--pbs-flavor"})) return {ValueKind::choice, "pro torque"};
  if (is({"--completion"})) return {ValueKind::choice, "bash zsh fish"};
  if (is({"--quiet"})) return {ValueKind::choice, "progress rules all"};
  if (is({"--rerun-triggers"})) return {ValueKind::choice, "mtime params input code"};
  if (is({"--cores"})) return {ValueKind::choice, "all"};
  if (is({"--jobs"})) return {ValueKind::choice, "all unlimited"};
  return {ValueKind::none, ""};
}

std::string bash_script(const std::vector<OptionInfo>& options) {
  std::vector<std::string> all, files, dirs, targets, plain;
  std::string choice_cases;
  for (const auto& option : options) {
    all.insert(all.end(), option.names.begin(), option.names.end());
    if (!option.takes_value) continue;
    ValueCompletion value = value_completion(option);
    std::string names = join(option.names, "|");
    switch (value.kind) {
      case ValueKind::file:
        files.push_back(names);
        break;
      case ValueKind::directory:
        dirs.push_back(names);
        break;
      case ValueKind::target:
        targets.push_back(names);
        break;
      case ValueKind::choice:
        choice_cases +=
            fmt::format("    {}) COMPREPLY=($(compgen -W '{}' -- \"$cur\")); return ;;\n", names,
                        value.choices);
        break;
      case ValueKind::none:
        plain.push_back(names);
        break;
    }
  }
  return fmt::format(
      R"SH(# bash completion for flow. Load it with:  source <(flow --completion bash)
# or save it as ~/.local/share/bash-completion/completions/flow
_flow_options='{}'
_flow() {{
  local cur=${{COMP_WORDS[COMP_CWORD]}} prev=""
  ((COMP_CWORD > 0)) && prev=${{COMP_WORDS[COMP_CWORD - 1]}}
  case $prev in
    {}) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    {}) COMPREPLY=($(compgen -d -- "$cur")); return ;;
{}    {}) COMPREPLY=(); return ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$_flow_options" -- "$cur"))
    return
  fi
  # Rule names and target files of the workflow (-s and -d on the line are honoured).
  local flow=${{COMP_WORDS[0]}} i
  [[ $flow == "~/"* ]] && flow=$HOME/${{flow#"~/"}}
  local -a context=()
  for ((i = 1; i < COMP_CWORD - 1; i++)); do
    case ${{COMP_WORDS[i]}} in
      -s|--flowfile|-d|--directory) context+=("${{COMP_WORDS[i]}}" "${{COMP_WORDS[i + 1]}}") ;;
    esac
  done
  local words
  words=$("$flow" "${{context[@]}}" --completion-words 2>/dev/null)
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}}
complete -o default -F _flow flow
)SH",
      join(all, " "), join(files, "|"), join(dirs, "|"), choice_cases, join(plain, "|"));
}

// A description inside zsh's _arguments brackets, inside single quotes.
std::string zsh_description(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else if (c == '[' || c == ']' || c == ':' || c == '\\') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

std::string zsh_action(const ValueCompletion& value) {
  switch (value.kind) {
    case ValueKind::file:
      return ":file:_files";
    case ValueKind::directory:
      return ":directory:_files -/";
    case ValueKind::target:
      return ":target:_flow_targets";
    case ValueKind::choice:
      return fmt::format(":value:({})", value.choices);
    case ValueKind::none:
      return ":value: ";
  }
  return ":value: ";
}

std::string zsh_script(const std::vector<OptionInfo>& options) {
  std::string specs;
  for (const auto& option : options) {
    std::string description = zsh_description(option.description);
    std::string action = option.takes_value ? zsh_action(value_completion(option)) : "";
    for (const auto& name : option.names) {
      // "-s+": the value in the same word or the next; "--flowfile=": after = or the next.
      std::string spelled = name;
      if (option.takes_value) spelled += name.starts_with("--") ? "=" : "+";
      specs += fmt::format("    '*{}[{}]{}' \\\n", spelled, description, action);
    }
  }
  return fmt::format(R"SH(#compdef flow
# zsh completion for flow. Load it with:  source <(flow --completion zsh)  (after compinit),
# or save it as _flow in a directory of your $fpath.
_flow_targets() {{
  local -a context candidates
  local i
  for ((i = 2; i < CURRENT - 1; i++)); do
    case ${{words[i]}} in
      -s|--flowfile|-d|--directory) context+=(${{words[i]}} ${{words[i+1]}}) ;;
    esac
  done
  candidates=(${{(f)"$(${{~words[1]}} $context --completion-words 2>/dev/null)"}})
  compadd -a candidates
}}
_flow() {{
  _arguments -S : \
{}    '*:target:_flow_targets'
}}
if [[ ${{zsh_eval_context[-1]}} == loadautofunc ]]; then
  _flow "$@"
else
  compdef _flow flow
fi
)SH",
                     specs);
}

std::string fish_quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string fish_script(const std::vector<OptionInfo>& options) {
  std::string lines;
  for (const auto& option : options) {
    std::string line = "complete -c flow";
    for (const auto& name : option.names) {
      line += name.starts_with("--") ? " -l " + name.substr(2) : " -s " + name.substr(1);
    }
    if (option.takes_value) {
      ValueCompletion value = value_completion(option);
      switch (value.kind) {
        case ValueKind::file:
          line += " -r -F";
          break;
        case ValueKind::directory:
          line += " -x -a '(__fish_complete_directories)'";
          break;
        case ValueKind::target:
          line += " -x -a '(__flow_words)'";
          break;
        case ValueKind::choice:
          line += fmt::format(" -x -a {}", fish_quote(value.choices));
          break;
        case ValueKind::none:
          line += " -x";
          break;
      }
    }
    line += " -d " + fish_quote(option.description);
    lines += line + "\n";
  }
  return R"SH(# fish completion for flow. Load it with:  flow --completion fish | source
# or save it as ~/.config/fish/completions/flow.fish
function __flow_words
    set -l tokens (commandline -opc)
    set -l context
    for i in (seq 2 (math (count $tokens) - 1))
        switch $tokens[$i]
            case -s --flowfile -d --directory
                set -a context $tokens[$i] $tokens[(math $i + 1)]
        end
    end
    $tokens[1] $context --completion-words 2>/dev/null
end
complete -c flow -f -a '(__flow_words)'
)SH" + lines;
}

}  // namespace

std::string completion_script(const std::string& shell, const std::vector<OptionInfo>& options) {
  if (shell == "zsh") return zsh_script(options);
  if (shell == "fish") return fish_script(options);
  return bash_script(options);
}

int write_completion_words(const Options& options, sys::Filesystem& fs, std::ostream& out) {
  Workflow wf;
  bool planned = prepare_workflow(options, fs, Stage::plan, false, wf).ok();
  if (!wf.rules) return 0;
  std::string text;
  for (const auto& rule : wf.rules->rules()) {
    if (!rule.has_wildcards()) text += rule.name + "\n";
  }
  if (planned) {
    for (const auto& job : wf.dag->jobs()) {
      for (const auto& ref : job.outputs)
        text += wf.dag->path(ref.file) + "\n";
    }
  }
  out << text;
  return 0;
}

}  // namespace flow::cli
