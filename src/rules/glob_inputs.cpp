#include "rules/glob_inputs.h"

#include <algorithm>

#include <fmt/format.h>

#include "flow/base/did_you_mean.h"
#include "flow/base/strings.h"

namespace flow::rules {
namespace {

std::uint8_t input_flags(std::uint8_t flags) {
  // `ancient` is the only flag an input item has.
  return (flags & flowfile::k_flag_ancient) != 0 ? k_flag_ancient : 0;
}

std::optional<pattern::Pattern> parse(const std::string& text, const std::string& rule,
                                      const SourceLocation& location, ErrorList& errors) {
  auto parsed = pattern::Pattern::parse(text);
  if (!parsed) {
    Error error = parsed.error();
    error.message = fmt::format("rule '{}': {}", rule, error.message);
    error.location = location;
    errors.add(std::move(error));
    return std::nullopt;
  }
  return std::move(*parsed);
}

}  // namespace

std::optional<FileSpec> parse_glob_input(const flowfile::FileItem& item, const std::string& rule,
                                         ErrorList& errors) {
  auto glob = parse(item.glob, rule, item.location, errors);
  const SourceLocation& expand_at =
      item.expand_location.known() ? item.expand_location : item.location;
  if (!glob) return std::nullopt;
  // Without `expand` the item is the glob itself: parsed once, so one error, not two.
  auto expand = item.expand_location.known() ? parse(item.pattern, rule, expand_at, errors)
                                             : std::optional<pattern::Pattern>(*glob);
  if (!expand) return std::nullopt;
  FileSpec spec{item.name, std::move(*expand), input_flags(item.flags), item.location, {}};
  FileSpecExtras& extras = spec.extras.make();
  if (item.expand_location.known()) {
    // Shown as the glob item was written: "glob raw/{run}.fastq -> qc/{run}.html".
    extras.written = item.glob + " -> " + item.pattern;
  } else {
    extras.written = item.glob;
  }
  extras.glob = GlobSpec{std::move(*glob), {}, expand_at};
  return spec;
}

void bind_glob_inputs(Rule& rule, std::span<const std::optional<pattern::Regex>> constraints,
                      const GlobConstraintLookup& lookup,
                      std::function<std::optional<pattern::Regex>(const std::string& regex,
                                                                  const SourceLocation& location)>
                          compile,
                      ErrorList& errors) {
  for (auto& spec : rule.inputs) {
    if (!spec.is_glob()) continue;
    GlobSpec& glob = *spec.extras.make().glob;
    glob.names = rule.wildcard_names;
    std::vector<std::optional<pattern::Regex>> bound(constraints.begin(), constraints.end());
    bound.resize(glob.names.size());
    for (const auto& use : glob.pattern.uses()) {
      if (std::find(glob.names.begin(), glob.names.end(), use.name) != glob.names.end()) continue;
      glob.names.push_back(use.name);
      bound.push_back(use.inline_constraint ? compile(*use.inline_constraint, spec.location)
                                            : lookup(use.name));
    }
    auto glob_names = glob.pattern.wildcard_names();
    bool ok = true;
    for (const auto& name : spec.pattern.wildcard_names()) {
      if (std::find(glob_names.begin(), glob_names.end(), name) != glob_names.end()) continue;
      if (std::find(rule.wildcard_names.begin(), rule.wildcard_names.end(), name) !=
          rule.wildcard_names.end()) {
        continue;  // the job's own value, the same for every match
      }
      std::vector<std::string> notes;
      if (auto hint = did_you_mean(name, glob_names, "{", "}")) notes.push_back(std::move(*hint));
      std::string have = "the glob has ";
      if (glob_names.empty()) have = "the glob has no wildcards";
      for (std::size_t k = 0; k < glob_names.size(); ++k) {
        if (k > 0) have += ", ";
        have += '{';
        have += glob_names[k];
        have += '}';
      }
      notes.push_back(std::move(have));
      errors.add(glob.expand_location,
                 fmt::format("rule '{}': the 'expand' of glob '{}' uses '{{{}}}', which the "
                             "glob does not have",
                             rule.name, glob.pattern.text(), name),
                 "{" + name, std::move(notes));
      ok = false;
    }
    if (!ok) continue;
    glob.pattern.bind(glob.names, bound);
    spec.pattern.bind(glob.names, bound);
  }
}

}  // namespace flow::rules
