#include "cli/main.h"

#include <cstdio>
#include <exception>
#include <iostream>

#include "cli/commands.h"
#include "cli/options.h"
#include "flow/base/strings.h"
#include "flow/builtins/catalog.h"
#include "flow/sys/allocator_tuning.h"
#include "flow/sys/interrupt.h"

namespace flow::cli {

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  // `flow builtin NAME ...`: a built-in step in its own process (spawned by flow itself).
  if (!args.empty() && args.front() == "builtin") {
    return builtins::builtin_main(std::vector<std::string>(args.begin() + 1, args.end()));
  }
  sys::tune_allocator(argv);
  try {
    sys::install_signal_handlers();
    auto profile = profile_arguments(args);
    if (!profile) return report_error(profile.error(), nullptr);
    for (const auto& warning : profile->warnings)
      std::cerr << "flow: " << warning << '\n';
    std::vector<std::string> all = std::move(profile->words);
    all.insert(all.end(), args.begin(), args.end());
    auto options = parse_options(all);
    if (!options) return report_error(options.error(), nullptr);
    options->command_line = "flow";
    for (const auto& arg : args) {
      options->command_line += ' ';  // not " " + string: GCC 12 -O3 -Wrestrict false positive
      options->command_line += shell_quote(arg);
    }
    return run_command(*options);
  } catch (const std::exception& error) {
    std::cerr << "flow: internal error: " << error.what() << std::endl;
    return 1;
  }
}

}  // namespace flow::cli
