#include "flow/builtins/catalog.h"
#include "flow/base/did_you_mean.h"

#include <algorithm>
#include <exception>
#include <new>

#include <fmt/format.h>

#include "builtins/step.h"
#include "builtins/steps.h"
#include "builtins/temp_cleanup.h"
#include "flow/base/strings.h"

namespace flow::builtins {
namespace {

// THE LIST of built-in steps: one line per step, any order (sorted by name below).
// clang-format off
std::vector<Step> make_steps() {
  return {
      bar_chart_step(),
      boil_step(),
      chop_step(),
      count_distinct_step(),
      fetch_step(),
      join_tsv_step(),
      mix_step(),
      ner_step(),
      ner_report_step(),
      paragraphs_step(),
      stem_step(),
      words_step(),
  };
}
// clang-format on

const std::vector<Step>& all_steps() {
  static const std::vector<Step> k_steps = [] {
    std::vector<Step> steps = make_steps();
    std::sort(steps.begin(), steps.end(),
              [](const Step& a, const Step& b) { return a.signature.name < b.signature.name; });
    return steps;
  }();
  return k_steps;
}

const Step* find_step(const std::string& name) {
  for (const auto& step : all_steps()) {
    if (step.signature.name == name) return &step;
  }
  return nullptr;
}

Error unknown_step_error(const std::string& name) {
  Error error = make_error(ErrorKind::usage, fmt::format("unknown built-in step '{}'", name));
  std::vector<std::string> names;
  for (const auto& signature : signatures())
    names.push_back(signature.name);
  add_did_you_mean(error, name, names);
  return error;
}

// Fills in defaults and checks every argument against the signature (spec §1: values may
// have held placeholders when the workflow loaded, so they are checked again here).
Result<BuiltinInvocation> check_args(const BuiltinSignature& signature,
                                     BuiltinInvocation invocation) {
  std::vector<std::string> declared;
  for (const auto& arg : signature.args)
    declared.push_back(arg.name);
  for (const auto& [key, value] : invocation.args) {
    if (std::find(declared.begin(), declared.end(), key) != declared.end()) continue;
    Error error = make_error(ErrorKind::usage, fmt::format("unknown argument '{}'", key));
    add_did_you_mean(error, key, declared);
    return error;
  }
  for (const auto& arg : signature.args) {
    auto it = invocation.args.find(arg.name);
    if (it == invocation.args.end()) {
      if (arg.required) {
        return make_error(ErrorKind::usage, fmt::format("missing argument '{}'", arg.name));
      }
      invocation.args[arg.name] = arg.default_value;
      // An argument without a default stays "" and is not checked: "" means "not given".
      if (arg.default_value.empty()) continue;
    }
    if (auto checked = check_builtin_arg(arg, invocation.args[arg.name]); !checked) {
      Error error = checked.error();
      error.kind = ErrorKind::usage;
      return error;
    }
  }
  return invocation;
}

// `noun` is "input" or "output".
Result<void> check_count(std::string_view noun, std::size_t count, int min, int max) {
  bool too_many = max >= 0 && count > static_cast<std::size_t>(max);
  if (count >= static_cast<std::size_t>(min) && !too_many) return ok_result();
  std::string expected = min == max ? fmt::format("exactly {}", min)
                         : max < 0  ? fmt::format("at least {}", min)
                                    : fmt::format("{} to {}", min, max);
  const char* plural = (min == max && min == 1) ? "" : "s";
  return make_error(ErrorKind::usage,
                    fmt::format("takes {} {}{}, not {}", expected, noun, plural, count));
}

Result<void> run_step(const Step& step, const BuiltinInvocation& invocation) {
  auto log = StepLog::open(invocation.logs);
  if (!log) return log.error();
  auto result = step.run(invocation, *log);
  if (!result) log->line(fmt::format("error: {}", result.error().message));
  return result;
}

}  // namespace

std::span<const BuiltinSignature> signatures() {
  static const std::vector<BuiltinSignature> k_signatures = [] {
    std::vector<BuiltinSignature> list;
    for (const auto& step : all_steps())
      list.push_back(step.signature);
    return list;
  }();
  return k_signatures;
}

Result<void> run_builtin(const BuiltinInvocation& invocation) {
  const Step* step = find_step(invocation.name);
  if (step == nullptr) return unknown_step_error(invocation.name);
  const BuiltinSignature& signature = step->signature;
  if (auto ok = check_count("input", invocation.inputs.size(), signature.min_inputs,
                            signature.max_inputs);
      !ok) {
    return ok;
  }
  if (auto ok = check_count("output", invocation.outputs.size(), signature.min_outputs,
                            signature.max_outputs);
      !ok) {
    return ok;
  }
  auto checked = check_args(signature, invocation);
  if (!checked) return checked.error();
  try {
    return run_step(*step, *checked);
  } catch (const std::bad_alloc&) {
    return make_error(ErrorKind::job, "out of memory");
  } catch (const std::exception& exception) {
    return make_error(ErrorKind::internal, fmt::format("unexpected error: {}", exception.what()));
  }
}

int builtin_main(const std::vector<std::string>& words) {
  install_temp_cleanup();
  std::string name = words.empty() ? std::string("?") : words[0];
  auto invocation = decode_builtin_args(words);
  Result<void> result =
      invocation ? run_builtin(*invocation) : Result<void>(std::move(invocation).error());
  if (result) return 0;
  const Error& error = result.error();
  std::string text = fmt::format("flow builtin {}: error: {}\n", name, error.message);
  for (const auto& note : error.notes)
    text += fmt::format("  {}\n", note);
  std::fputs(text.c_str(), stderr);
  bool usage = error.kind == ErrorKind::usage || error.kind == ErrorKind::flowfile;
  return usage ? 2 : 1;
}

}  // namespace flow::builtins
