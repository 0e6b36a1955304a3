#pragma once
// The one wording of "did you mean" hints, for every name a user can mistype: rules, keys,
// placeholders, built-in steps and their arguments, options.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "flow/base/error.h"

namespace flow {

/// "did you mean 'X'?" for the candidate X closest to `word`, when it is close enough to be a
/// typo (closest_match); nullopt otherwise. The hint shows X as `before` + X + `after`, as the
/// user would write it (`{input.` and `}` for a named input, for instance).
std::optional<std::string> did_you_mean(std::string_view word,
                                        std::span<const std::string> candidates,
                                        std::string_view before = {}, std::string_view after = {});

/// Adds that hint to `error`'s notes, if there is one. Returns whether it did.
bool add_did_you_mean(Error& error, std::string_view word, std::span<const std::string> candidates,
                      std::string_view before = {}, std::string_view after = {});

}  // namespace flow
