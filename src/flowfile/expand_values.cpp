#include "flowfile/expand_values.h"

#include <limits>

#include <fmt/format.h>

#include "flow/base/strings.h"

namespace flow::flowfile {

std::optional<std::vector<std::string_view>> read_range_values(const Node& value,
                                                               const std::string& key,
                                                               std::size_t max_values,
                                                               std::deque<std::string>& storage,
                                                               Context& ctx) {
  const Node& range = *value.find("range");
  if (value.entries.size() != 1) {
    for (const auto& [name, entry] : value.entries) {
      if (name == "range") continue;
      ctx.error(entry.key_location,
                fmt::format("expand key '{}': unknown key {} next to 'range'", key, quote(name)));
    }
    return std::nullopt;
  }
  if (!range.is_sequence() || range.items.size() < 2 || range.items.size() > 3) {
    ctx.error(range.location, fmt::format("expand key '{}': 'range' needs [START, STOP] or "
                                          "[START, STOP, STEP], as Python's range",
                                          key));
    return std::nullopt;
  }
  constexpr std::int64_t lowest = std::numeric_limits<std::int64_t>::min() / 2;
  constexpr std::int64_t highest = std::numeric_limits<std::int64_t>::max() / 2;
  std::int64_t bounds[3] = {0, 0, 1};
  bool ok = true;
  const char* what[3] = {"range START", "range STOP", "range STEP"};
  for (std::size_t i = 0; i < range.items.size(); ++i) {
    auto number = read_int(range.items[i], what[i], ctx, lowest, highest);
    ok = ok && number.has_value();
    if (number) bounds[i] = *number;
  }
  if (!ok) return std::nullopt;
  auto [start, stop, step] = bounds;
  if (step == 0) {
    ctx.error(range.items[2].location,
              fmt::format("expand key '{}': range STEP must not be 0", key));
    return std::nullopt;
  }
  // Python: max(0, ceil((stop - start) / step)) values.
  std::int64_t span = step > 0 ? stop - start : start - stop;
  std::int64_t stride = step > 0 ? step : -step;
  std::uint64_t count = span <= 0 ? 0 : static_cast<std::uint64_t>((span + stride - 1) / stride);
  if (count > max_values) {
    ctx.error(range.location, fmt::format("expand key '{}': the range has {} values (at most {})",
                                          key, count, max_values));
    return std::nullopt;
  }
  std::vector<std::string_view> values;
  values.reserve(count);
  for (std::uint64_t n = 0; n < count; ++n) {
    values.push_back(
        storage.emplace_back(fmt::format("{}", start + static_cast<std::int64_t>(n) * step)));
  }
  return values;
}

std::optional<std::vector<std::string_view>> read_config_keys(const Node& value,
                                                              const std::string& key,
                                                              std::string_view config_key,
                                                              Context& ctx) {
  std::string_view mapping_key =
      config_key.substr(0, config_key.size() - std::string_view(".keys").size());
  const Node* node = find_config(mapping_key, value.location, "", ctx);
  if (node == nullptr) return std::nullopt;
  if (!node->is_mapping()) {
    ctx.error(value.location,
              fmt::format("expand key '{}': '{}' needs a mapping, but config key '{}' holds {}",
                          key, value.scalar, mapping_key, describe(*node)));
    return std::nullopt;
  }
  std::vector<std::string_view> keys;
  keys.reserve(node->entries.size());
  for (const auto& entry : node->entries)
    keys.push_back(entry.first);
  return keys;
}

}  // namespace flow::flowfile
