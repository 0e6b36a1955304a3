#include "builtins/shuffle.h"

#include <fmt/format.h>

#include "builtins/args.h"
#include "flow/base/strings.h"

namespace flow::builtins {

BuiltinArg seed_arg() {
  BuiltinArg arg;
  arg.name = "seed";
  arg.default_value = std::to_string(k_default_seed);
  arg.help =
      "shuffle seed: an integer (the same seed gives the same output on every platform), "
      "or 'random' for a different shuffle on every run";
  return arg;
}

Result<std::uint64_t> parse_seed(const BuiltinInvocation& invocation) {
  const std::string& text = arg_text(invocation, "seed");
  if (text == "random") {
    std::random_device device;
    return (std::uint64_t{device()} << 32) ^ device();
  }
  auto value = parse_int(text);
  if (!value || *value < 0) {
    return arg_error("seed",
                     fmt::format("must be a non-negative integer or 'random', not '{}'", text));
  }
  return static_cast<std::uint64_t>(*value);
}

}  // namespace flow::builtins
