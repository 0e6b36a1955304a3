#pragma once
// A `script:` step (spec §8): which interpreter runs the file, and the workflow's config as the
// scripts see it, rendered once per run and shared by every script rule.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flow::flowfile {
struct Node;
}  // namespace flow::flowfile

namespace flow::rules {

enum class Interpreter { python, r, bash, julia };

/// The interpreter of the script at `path` whose text is `text`: by the extension (.py, .R or
/// .r, .sh, .jl), else by the shebang line's program (python3, Rscript, bash or sh, julia,
/// also through `/usr/bin/env`); nullopt when neither says.
std::optional<Interpreter> choose_interpreter(std::string_view path, std::string_view text);

/// The program that runs it: "python3", "Rscript", "bash", "julia".
std::string_view interpreter_program(Interpreter interpreter);

/// The config as a JSON value and as an R value (a named list), for the job's files.
struct ScriptConfig {
  std::string json;
  std::string r;
};

/// `config` rendered: mappings as objects / named lists, sequences as arrays / lists, an
/// unquoted scalar that reads as a number or true/false as one, every other scalar a string.
ScriptConfig render_script_config(const flowfile::Node& config);

/// Python written in the workflow file: its text, the file, and the file's line that holds the
/// text's first line (tracebacks name the file's own lines).
struct PythonSource {
  std::string file;
  int first_line = 1;
  std::string text;
};

/// A `run:` block (spec §8), run by python3 after the workflow's `python:` helpers.
struct RunBlock {
  std::shared_ptr<const std::vector<PythonSource>> helpers;  ///< shared by every run: rule
  PythonSource block;
};

struct ScriptStep {
  std::string path;  ///< as the job opens it (relative to the working directory); "" for run:
  Interpreter interpreter = Interpreter::python;
  std::shared_ptr<const ScriptConfig> config;
  std::optional<RunBlock> run;  ///< set for a `run:` block, which has no file of its own

  bool is_run_block() const { return run.has_value(); }
};

/// What the `code` rerun trigger compares for a `run:` block: the helpers' texts, then the
/// block's, each ended by a newline (where they are in the file does not count).
std::string run_block_code(const RunBlock& run);

}  // namespace flow::rules
