#pragma once
// The workflow file as loaded: plain structs, every value with its location. The loader has
// checked the shape (types, unknown and duplicate keys), substituted {config.KEY} and
// unrolled `expand`; the `rules` module checks the meaning (wildcards, placeholders...).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "flow/base/attempt_formula.h"
#include "flow/base/error.h"
#include "flow/flowfile/node.h"
#include "flow/flowfile/table.h"

namespace flow::flowfile {

/// A string value and where it was written (for a scalar, where its text starts).
struct Text {
  std::string value;
  SourceLocation location;
};

/// Python written in the workflow file (a rule's `run:`, the top-level `python:`), never
/// substituted, and the line its text starts on, so that a traceback can name the file's lines.
struct PythonText {
  std::string text;
  SourceLocation location;  ///< the value's (for a `|` block, its indicator)
  int first_line = 0;       ///< the file's line that holds the text's first line
};

/// Flags of a file item (spec §1). Bit values, combined with |.
enum FileFlag : std::uint8_t {
  k_flag_temp = 1,
  k_flag_protected = 2,
  k_flag_directory = 4,
  k_flag_touch = 8,
  k_flag_ancient = 16,
  k_flag_report =
      32,  ///< shown in `--report` (pictures and tables embedded), as Snakemake's report()
  k_flag_pipe = 64,  ///< a named pipe (spec §8): producer and consumer run together
};

/// One path pattern of an input, output, log or benchmark list, after `expand`.
struct FileItem {
  std::string name;     ///< the item's name for named items ({input.NAME}), else ""
  std::string pattern;  ///< e.g. "words/{book}.txt"
  std::uint8_t flags = 0;
  SourceLocation location;
  /// A `glob` item (spec §6): the files that exist and match `glob`, each giving `pattern`
  /// (its `expand`, or the glob itself) with the wildcards they matched; `location` is the
  /// glob's. Empty for other items.
  std::string glob;
  SourceLocation expand_location;  ///< of the glob item's `expand`, when it has one
};

/// Where a resource's amount comes from.
enum class ResourceSizing : std::uint8_t {
  written,      ///< as written
  auto_asked,   ///< `auto`: from the history; without it, the fallback (said once per rule)
  auto_option,  ///< --auto-resources: from the history; without it, as written (quietly)
};

/// A resource value: an integer, a string ("00:10:00") or a formula over {attempt}.
struct Resource {
  std::string name;
  bool is_int = false;
  std::int64_t number = 0;
  std::string text;  ///< as written; for integers their decimal text
  SourceLocation location;
  std::optional<AttemptFormula> formula;  ///< "2000 * {attempt}": is_int, number is try 1's
  /// Sized from the job history (spec §9): `mem_mb: auto` (the value above is then the
  /// fallback, from --default-resources, or none) or --auto-resources (the written value).
  ResourceSizing sizing = ResourceSizing::written;
  bool has_value = true;  ///< false: `auto` with no fallback; nothing is asked without history
};

struct RuleDef {
  std::string name;
  SourceLocation location;    ///< of the rule's name
  bool from_include = false;  ///< defined in an included file (never the default target)

  std::vector<FileItem> input;
  std::vector<FileItem> output;
  std::vector<FileItem> log;
  std::vector<FileItem> benchmark;

  /// params: name -> value (a list is joined with spaces); placeholders still unrendered.
  std::vector<std::pair<std::string, Text>> params;
  std::optional<Text> shell;
  std::optional<Text> builtin;  ///< the built-in step's name
  /// `script: PATH` (spec §8): value is the path as the job opens it (the workflow file's
  /// directory in front of what was written); location is the value's.
  std::optional<Text> script;
  std::shared_ptr<const std::string> script_text;  ///< read once per path at load
  std::optional<PythonText> run;                   ///< `run: |` inline Python (spec §8)
  std::vector<std::pair<std::string, Text>> with;  ///< built-in arguments, unrendered
  std::optional<Text> message;

  int threads = 1;
  std::vector<Resource> resources;
  int priority = 0;
  std::optional<int> retries;  ///< unset: --retries applies
  std::vector<Text> envmodules;
  std::optional<Text> container;  ///< `container: IMAGE`: runs in it with --use-containers
  bool local = false;
  bool checkpoint = false;  ///< its outputs decide what comes next (spec §7)
  /// `shadow: minimal|shallow|full` (spec §8), checked to be one of them; unset: none.
  std::optional<Text> shadow;
  /// `group: NAME` (spec §9). Read so that a Snakemake workflow runs locally, where groups
  /// change nothing (as in Snakemake); cluster executors refuse it until they can run a
  /// group as one job (docs/decisions.md, "Job groups").
  std::optional<Text> group;
  bool default_target = false;
  std::optional<SourceLocation> default_target_location;
  std::vector<std::pair<std::string, Text>> wildcard_constraints;
};

struct Flowfile {
  std::string path;  ///< the main file, as named
  Node config;       ///< the effective config (file defaults, --configfile, --config merged)
  std::vector<RuleDef> rules;  ///< in document order; included files' rules after the main's
  /// The main file's `rules:` key, or its start when it has none (for "no rules").
  SourceLocation rules_location;
  /// The `tables` of all files, read and indexed (shared: rules keep them for lookups).
  std::vector<std::shared_ptr<const Table>> tables;
  std::vector<std::pair<std::string, Text>> wildcard_constraints;  ///< global
  std::vector<Text> ruleorder;   ///< chains as written: "a > b > c"
  std::vector<Text> localrules;  ///< rule names
  /// The files' top-level `python:` helpers, each file's after those of the files it includes:
  /// what every `run:` job runs before its block.
  std::vector<PythonText> python;
  /// The top-level `container:`: the image of every rule that names none (Snakemake's
  /// global `container:`); the main file's wins over an included file's.
  std::optional<Text> container;
};

}  // namespace flow::flowfile
