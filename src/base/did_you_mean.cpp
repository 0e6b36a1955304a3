#include "flow/base/did_you_mean.h"

#include <fmt/format.h>

#include "flow/base/strings.h"

namespace flow {

std::optional<std::string> did_you_mean(std::string_view word,
                                        std::span<const std::string> candidates,
                                        std::string_view before, std::string_view after) {
  auto match = closest_match(word, candidates);
  if (!match) return std::nullopt;
  return fmt::format("did you mean '{}{}{}'?", before, *match, after);
}

bool add_did_you_mean(Error& error, std::string_view word, std::span<const std::string> candidates,
                      std::string_view before, std::string_view after) {
  auto hint = did_you_mean(word, candidates, before, after);
  if (hint) error.notes.push_back(std::move(*hint));
  return hint.has_value();
}

}  // namespace flow
