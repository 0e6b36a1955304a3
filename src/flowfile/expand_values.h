#pragma once
// Computed `expand` values: `{range: [START, STOP, STEP]}` and `config.KEY.keys` (spec §8).

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flow/flowfile/node.h"
#include "flowfile/values.h"

namespace flow::flowfile {

/// The values of `{range: [START, STOP]}` or `{range: [START, STOP, STEP]}`, as Python's
/// range gives them (STOP excluded, STEP may be negative), as decimal texts kept in
/// `storage`. Reports a malformed range (not integers, STEP 0, more than `max_values`) at
/// its position and returns nullopt.
std::optional<std::vector<std::string_view>> read_range_values(const Node& value,
                                                               const std::string& key,
                                                               std::size_t max_values,
                                                               std::deque<std::string>& storage,
                                                               Context& ctx);

/// The keys of the config mapping named by `config_key` minus its ".keys", in file order.
/// Reports an unknown key or a value that is not a mapping at `value` and returns nullopt.
std::optional<std::vector<std::string_view>> read_config_keys(const Node& value,
                                                              const std::string& key,
                                                              std::string_view config_key,
                                                              Context& ctx);

}  // namespace flow::flowfile
