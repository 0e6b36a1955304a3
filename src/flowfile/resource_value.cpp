#include "flowfile/resource_value.h"

#include <fmt/format.h>

#include "flow/base/strings.h"
#include "flowfile/diagnostics.h"

namespace flow::flowfile {
namespace {

// The first `{...}` of `text` that is not a `{{`/`}}` escape, as written.
std::optional<std::string> first_placeholder(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{') continue;
    if (i + 1 < text.size() && text[i + 1] == '{') {
      ++i;
      continue;
    }
    std::size_t end = text.find('}', i);
    return std::string(text.substr(i, end == std::string_view::npos ? 1 : end - i + 1));
  }
  return std::nullopt;
}

// `mem_mb: "2000 * {attempt}"` (spec §9): a formula, checked here and for the first try.
std::variant<Resource, ResourceValueProblem> read_formula(const std::string& name,
                                                          const Text& text) {
  auto parsed = AttemptFormula::parse(text.value);
  if (auto* problem = std::get_if<FormulaProblem>(&parsed)) {
    // The caret goes to the first occurrence of the anchor: the rest of the text from the
    // problem on is, in practice, found only there.
    return ResourceValueProblem{
        fmt::format("resource {}: {}", quote(name), problem->message),
        text.value.substr(std::min(problem->offset, text.value.size())),
        {"a resource formula uses whole numbers, {attempt} (1 for the first try), + - * and "
         "parentheses, such as \"2000 * {attempt}\""}};
  }
  auto& formula = std::get<AttemptFormula>(parsed);
  auto first = formula.evaluate(1);
  if (!first || *first < 0) {
    return ResourceValueProblem{
        fmt::format("resource {} must not be negative, but \"{}\" gives {} for the first try",
                    quote(name), text.value, first ? std::to_string(*first) : "an overflow"),
        "",
        {}};
  }
  return Resource{name, true, *first, text.value, text.location, std::move(formula)};
}

}  // namespace

bool can_be_auto(std::string_view name) {
  return name == "mem_mb" || name == "runtime" || name == "walltime";
}

std::variant<Resource, ResourceValueProblem> read_resource_value(const std::string& name,
                                                                 const Text& text) {
  if (trim(text.value) == "auto") {
    // Only what the history measures can be sized from it: peak memory and wall time.
    if (!can_be_auto(name)) {
      return ResourceValueProblem{
          fmt::format("resource {} cannot be auto: only mem_mb and runtime (or walltime) are "
                      "sized from the job history",
                      quote(name)),
          "auto",
          {"write a number or a text for it"}};
    }
    Resource resource{name, false, 0, "", text.location, std::nullopt};
    resource.sizing = ResourceSizing::auto_asked;
    resource.has_value = false;
    return resource;
  }
  if (AttemptFormula::mentions_attempt(text.value)) return read_formula(name, text);
  // Issue 9 faults 4: a placeholder would reach the scheduler and the command as written.
  if (auto placeholder = first_placeholder(text.value)) {
    return ResourceValueProblem{
        fmt::format("resource {}: placeholders such as '{}' are not filled in in resources",
                    quote(name), *placeholder),
        *placeholder,
        {"write a number, a plain text ('{config.KEY}' is filled in) or a formula over "
         "{attempt} such as \"2000 * {attempt}\""}};
  }
  Resource resource{name, false, 0, text.value, text.location, std::nullopt};
  if (auto number = parse_int(trim(text.value))) {
    // A negative amount would give back capacity and let more jobs run than the limit.
    if (*number < 0) {
      return ResourceValueProblem{
          fmt::format("resource {} must not be negative, not {}", quote(name), *number), "", {}};
    }
    resource.is_int = true;
    resource.number = *number;
    resource.text = std::to_string(*number);
  }
  return resource;
}

}  // namespace flow::flowfile
