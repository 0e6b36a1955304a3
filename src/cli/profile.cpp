#include <algorithm>

#include <fmt/format.h>

#include "cli/options.h"
#include "cli/snakemake_flags.h"
#include "flow/base/did_you_mean.h"
#include "flow/flowfile/yaml.h"
#include "flow/sys/filesystem.h"

namespace flow::cli {
namespace {

std::string find_profile(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--profile" && i + 1 < args.size()) return args[i + 1];
    if (args[i].starts_with("--profile=")) return args[i].substr(10);
  }
  return {};
}

// True when `args` give the option named `option`, by any of its names (`--jobs 3`,
// `--jobs=3`, `-j 3`, `-j3`).
bool given_on_command_line(const std::string& option, const std::vector<OptionInfo>& infos,
                           const std::vector<std::string>& args) {
  for (const auto& info : infos) {
    if (std::find(info.names.begin(), info.names.end(), option) == info.names.end()) continue;
    for (const auto& arg : args) {
      if (arg == "--") return false;
      for (const auto& name : info.names) {
        bool is_long = name.starts_with("--");
        if (arg == name || (is_long && arg.starts_with(name + "=")) ||
            (!is_long && !arg.starts_with("--") && arg.size() > 2 && arg.starts_with(name))) {
          return true;
        }
      }
    }
  }
  return false;
}

// Parses `word` alone, so that a bad value is reported at its place in the profile.
Result<void> check_value(const std::string& key, const std::string& word,
                         const flowfile::Node& value) {
  auto parsed = parse_options({word});
  if (parsed) return ok_result();
  Error error = make_error(ErrorKind::usage,
                           fmt::format("profile option '{}': {}", key, parsed.error().message),
                           value.location);
  return error;
}

// Snakemake 8 profiles may write the resource options as mappings:
//   default-resources: {mem_mb: 1000}        -> --default-resources=mem_mb=1000
//   set-resources: {align: {mem_mb: 8000}}   -> --set-resources=align:mem_mb=8000
//   set-threads: {align: 8}                  -> --set-threads=align=8
Result<void> add_mapping_words(const std::string& key, const flowfile::Node& value,
                               std::vector<std::string>& words) {
  auto plain = [&](const flowfile::Node& node) -> Result<void> {
    if (node.is_scalar()) return ok_result();
    return make_error(ErrorKind::usage,
                      fmt::format("profile option '{}': values must be plain values", key),
                      node.location);
  };
  for (const auto& [name, item] : value.entries) {
    if (key == "set-resources") {
      if (!item.is_mapping()) {
        return make_error(ErrorKind::usage,
                          fmt::format("profile option 'set-resources': rule '{}' needs a mapping "
                                      "of resources (mem_mb: 8000)",
                                      name),
                          item.location);
      }
      for (const auto& [resource, amount] : item.entries) {
        if (auto checked = plain(amount); !checked) return checked;
        words.push_back(fmt::format("--set-resources={}:{}={}", name, resource, amount.scalar));
      }
      continue;
    }
    if (auto checked = plain(item); !checked) return checked;
    words.push_back(fmt::format("--{}={}={}", key, name, item.scalar));
  }
  return ok_result();
}

bool takes_mapping(const std::string& key) {
  return key == "default-resources" || key == "set-resources" || key == "set-threads" ||
         key == "groups" || key == "group-components";
}

}  // namespace

// Spec §4: `--profile DIR` reads default options from DIR/config.yaml, whose keys are long
// option names: `jobs: 20` is `--jobs 20`, `keep-going: true` is `--keep-going`, a list
// gives several values.
Result<ProfileArguments> profile_arguments(const std::vector<std::string>& args) {
  std::string dir = find_profile(args);
  if (dir.empty()) return ProfileArguments{};
  std::string path = dir + "/config.yaml";
  auto fs = sys::make_real_filesystem();
  auto text = fs->read_file(path);
  if (!text)
    return make_error(ErrorKind::usage, fmt::format("--profile: {}", text.error().message));
  auto root = flowfile::read_yaml_mapping(*text, path);
  if (!root) return root.error();
  std::vector<std::string> known;
  std::vector<OptionInfo> infos = describe_options();
  for (const auto& info : infos) {
    for (const auto& name : info.names) {
      if (name.starts_with("--")) known.push_back(name.substr(2));
    }
  }
  ProfileArguments result;
  std::vector<std::string>& words = result.words;
  for (const auto& [key, value] : root->entries) {
    if (key == "profile") continue;
    // A Snakemake option flow lacks is named and skipped, so that a Snakemake 8 profile is
    // read with the keys flow has (issue 12 item 6); any other unknown key is a typo.
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      if (const auto* flag = find_snakemake_flag("--" + key)) {
        result.warnings.push_back(fmt::format(
            "{}:{}:{}: warning: profile key '{}' is ignored: {} ({})", path,
            value.key_location.line, value.key_location.column, key, flag->problem, flag->instead));
        continue;
      }
      Error error = make_error(ErrorKind::usage,
                               fmt::format("profile key '{}' is not an option of flow", key),
                               value.key_location);
      if (!add_did_you_mean(error, key, known))
        error.notes.push_back("the keys are long option names without '--' (`flow --help`)");
      return error;
    }
    std::string option = "--" + key;
    // The command line wins: an option it gives (by any of its names) replaces the profile's.
    if (given_on_command_line(option, infos, args)) continue;
    if (value.is_scalar() && !value.quoted && (value.scalar == "true" || value.scalar == "false")) {
      if (value.scalar == "true") words.push_back(option);
      continue;
    }
    if (value.is_scalar()) {
      // One word, so that a value can never be taken for a target.
      if (auto checked = check_value(key, option + "=" + value.scalar, value); !checked) {
        return checked.error();
      }
      words.push_back(option + "=" + value.scalar);
    } else if (value.is_sequence()) {
      for (const auto& item : value.items) {
        if (!item.is_scalar()) {
          return make_error(
              ErrorKind::usage,
              fmt::format("profile option '{}': list items must be plain values", key),
              item.location);
        }
        if (auto checked = check_value(key, option + "=" + item.scalar, item); !checked) {
          return checked.error();
        }
        words.push_back(option + "=" + item.scalar);
      }
    } else if (value.is_mapping() && takes_mapping(key)) {
      if (auto added = add_mapping_words(key, value, words); !added) return added.error();
    } else if (value.is_mapping()) {
      return make_error(ErrorKind::usage,
                        fmt::format("profile option '{}' must be a value or a list", key),
                        value.location);
    }
  }
  return result;
}

}  // namespace flow::cli
