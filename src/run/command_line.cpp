#include "run/command_line.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace flow::run {
namespace {

// Words bash treats itself, which a direct exec would get wrong or not find.
constexpr std::array<std::string_view, 64> k_shell_words = {
    ".",      ":",        "alias",    "bg",      "bind",     "break",    "builtin", "caller",
    "case",   "cd",       "command",  "compgen", "complete", "continue", "declare", "dirs",
    "disown", "do",       "done",     "echo",    "elif",     "else",     "enable",  "esac",
    "eval",   "exec",     "exit",     "export",  "false",    "fc",       "fg",      "fi",
    "for",    "function", "getopts",  "hash",    "help",     "history",  "if",      "in",
    "jobs",   "kill",     "let",      "local",   "logout",   "popd",     "printf",  "pushd",
    "pwd",    "read",     "readonly", "return",  "select",   "set",      "shift",   "shopt",
    "source", "suspend",  "test",     "then",    "time",     "trap",     "true",    "type",
};
constexpr std::array<std::string_view, 10> k_more_shell_words = {
    "typeset", "ulimit", "umask", "unalias", "unset", "until", "wait", "while", "times", "[",
};

bool is_plain_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '/' || c == ',' || c == ':' || c == '=' || c == '+' || c == '@' ||
         c == '%' || c == '-' || c == ' ';
}

bool is_shell_word(std::string_view word) {
  return std::find(k_shell_words.begin(), k_shell_words.end(), word) != k_shell_words.end() ||
         std::find(k_more_shell_words.begin(), k_more_shell_words.end(), word) !=
             k_more_shell_words.end();
}

}  // namespace

std::optional<std::vector<std::string>> split_simple_command(const std::string& command) {
  if (!std::all_of(command.begin(), command.end(), is_plain_char)) return std::nullopt;
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < command.size()) {
    std::size_t end = command.find(' ', start);
    if (end == std::string::npos) end = command.size();
    if (end > start) words.push_back(command.substr(start, end - start));
    start = end + 1;
  }
  if (words.empty() || is_shell_word(words.front()) ||
      words.front().find('=') != std::string::npos) {
    return std::nullopt;
  }
  return words;
}

std::vector<std::string> bash_argv(const std::string& command) {
  return {"bash", "-c", "set -euo pipefail; " + command};
}

std::string bash_script(const std::string& command) {
  return "set -euo pipefail\n" + command + "\n";
}

}  // namespace flow::run
