#include "cli/argument_rewrites.h"

#include "flow/base/strings.h"

namespace flow::cli {
namespace {

bool is_quiet_word(const std::string& word) {
  return word == "progress" || word == "rules" || word == "all";
}

bool is_count_word(const std::string& word, bool unlimited_allowed) {
  return parse_int(word).has_value() || word == "all" || (unlimited_allowed && word == "unlimited");
}

}  // namespace

std::vector<std::string> rewrite_optional_values(std::vector<std::string> args) {
  std::vector<std::string> out;
  out.reserve(args.size() + 2);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      out.insert(out.end(), args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
      break;
    }
    out.push_back(arg);
    bool cores = arg == "-c" || arg == "--cores";
    bool jobs = arg == "-j" || arg == "--jobs";
    if (cores || jobs) {
      if (i + 1 >= args.size() || !is_count_word(args[i + 1], jobs)) out.push_back("all");
      continue;
    }
    if (arg != "-q" && arg != "--quiet") continue;
    out.pop_back();
    bool any = false;
    while (i + 1 < args.size() && is_quiet_word(args[i + 1])) {
      out.push_back("--quiet=" + args[++i]);
      any = true;
    }
    if (!any) out.push_back("--quiet=all");
  }
  return out;
}

}  // namespace flow::cli
