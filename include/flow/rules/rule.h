#pragma once
// A validated rule: patterns compiled and bound to its wildcards, templates parsed and
// checked against what the rule has, the built-in step checked against its signature.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "flow/base/attempt_formula.h"
#include "flow/base/boxed.h"
#include "flow/base/error.h"
#include "flow/base/ids.h"
#include "flow/pattern/pattern.h"
#include "flow/pattern/template.h"
#include "flow/rules/lookup.h"
#include "flow/rules/script.h"

namespace flow::rules {

/// Flags of a file item (spec §1), as bits combined with |. The validated rule's own, so that
/// the modules above `rules` never need the workflow file's types.
enum FileFlag : std::uint8_t {
  k_flag_temp = 1,
  k_flag_protected = 2,
  k_flag_directory = 4,
  k_flag_touch = 8,
  k_flag_ancient = 16,
  k_flag_report = 32,  ///< shown in `--report` (pictures and tables embedded)
  /// Only on a job's input references, never on an item: the output of a checkpoint that a
  /// glob item lies under (spec §7). It orders the job after the checkpoint and counts for
  /// staleness, but it is none of the job's files ({input}, $FLOW_JOB, built-in inputs).
  k_flag_glob_root = 64,
  /// A named pipe (spec §8): its producer and its one consumer run at the same time, and
  /// nothing is written to disk for it (docs/flowfile.md, "Pipes").
  k_flag_pipe = 128,
};

/// A resource value: an integer (mem_mb: 200), a string (walltime: "00:10:00") or an integer
/// formula over the try (mem_mb: "2000 * {attempt}").
struct Resource {
  std::string name;
  bool is_int = false;
  std::int64_t number = 0;
  std::string text;  ///< as written; for integers their decimal text
  SourceLocation location;
  std::optional<AttemptFormula> formula;
  /// Sized from the job history (spec §9): `auto` (asked), or --auto-resources (option).
  enum class Sizing : std::uint8_t { written, auto_asked, auto_option };
  Sizing sizing = Sizing::written;
  /// false: `auto` with no fallback value (nothing is asked for until the history has jobs).
  bool has_value = true;

  bool auto_sized() const { return sizing != Sizing::written; }

  /// The amount for try `attempt` (from 1) of an integer resource: `number`, or the formula's
  /// value; nullopt when the formula's value is negative or out of range.
  std::optional<std::int64_t> amount(int attempt) const;
  /// What {resources.NAME} gives for try `attempt`: the amount's decimal text, or `text`.
  std::string text_for(int attempt) const;
};

/// A part of an input path with lookups: a pattern (literal text and wildcards), then the
/// value of a lookup, if any.
struct PathPiece {
  pattern::Pattern pattern;           ///< bound to the rule's wildcards; may be empty
  std::string lookup_text;            ///< the lookup as written inside braces; "" for the last
  std::optional<std::size_t> lookup;  ///< its index in Rule::lookups
};

/// A glob input item (spec §6), bound to `names`: the rule's wildcards, then the glob's own.
struct GlobSpec {
  pattern::Pattern pattern;        ///< the files to match
  std::vector<std::string> names;  ///< the rule's wildcard names, then the glob's new ones
  SourceLocation expand_location;  ///< of its `expand` (the glob's when it has none)
};

/// What only inputs with lookups or globs have (FileSpec::extras).
struct FileSpecExtras {
  /// An input with lookups: its path is these pieces concatenated (a lookup giving a list
  /// gives a path per item; several lists, their product). Empty for a plain pattern.
  std::vector<PathPiece> pieces;
  /// The item as written, when `pattern` is not (an input with lookups, a glob).
  std::string written;
  /// A glob item: the files that exist and match `glob->pattern` when the DAG is built, each
  /// giving `pattern` (bound to the same names) with their values. Unset for other items.
  std::optional<GlobSpec> glob;
};

struct FileSpec {
  std::string name;          ///< the item's name ({input.NAME}), or ""
  pattern::Pattern pattern;  ///< bound to the rule's wildcards (lookups as literal text)
  std::uint8_t flags = 0;    ///< FileFlag bits
  SourceLocation location;
  /// Null for a plain item, as nearly all are: apart, so that a plain one stays small.
  Boxed<FileSpecExtras> extras;

  bool has(FileFlag flag) const { return (flags & flag) != 0; }
  bool has_lookups() const { return extras && !extras->pieces.empty(); }
  bool is_glob() const { return extras && extras->glob.has_value(); }
  /// The pieces of an input with lookups (empty otherwise).
  const std::vector<PathPiece>& pieces() const;
  /// The glob of a glob item; only when is_glob().
  const GlobSpec& glob() const { return *extras->glob; }
  /// The item as written, for messages.
  const std::string& text() const {
    return extras && !extras->written.empty() ? extras->written : pattern.text();
  }
};

struct NamedTemplate {
  std::string name;
  pattern::Template value;
  SourceLocation location;
};

enum class StepKind { none, shell, builtin, script };

/// `shadow:` (spec §8): the job runs in a scratch directory under .flow/shadow/ holding links
/// to its inputs (minimal), to the working directory's top-level entries (shallow) or to
/// every file of the working directory's tree (full); only its declared outputs and logs
/// are moved back.
enum class ShadowMode { none, minimal, shallow, full };

struct Rule {
  RuleId id;
  std::string name;
  SourceLocation location;
  bool from_include = false;

  /// Wildcard names in order of first appearance in the outputs (then logs, benchmarks).
  std::vector<std::string> wildcard_names;
  std::vector<FileSpec> inputs;
  std::vector<FileSpec> outputs;
  std::vector<FileSpec> logs;
  std::vector<FileSpec> benchmarks;

  std::vector<NamedTemplate> params;
  StepKind step = StepKind::none;
  std::optional<pattern::Template> shell;
  std::string builtin;               ///< the built-in's name when step == builtin
  std::optional<ScriptStep> script;  ///< when step == script
  /// Every argument of the built-in, in signature order, defaults filled in.
  std::vector<NamedTemplate> with;
  std::optional<pattern::Template> message;

  int threads = 1;
  std::vector<Resource> resources;
  int priority = 0;
  std::optional<int> retries;
  std::vector<std::string> envmodules;
  /// The image its jobs run in with --use-containers (the rule's `container:` or the
  /// workflow's); empty for none. Part of the job's identity (dag::fingerprint).
  std::string container;
  bool local = false;
  /// `group: NAME` (spec §9): on a cluster, jobs of one group share a submission; empty: none.
  std::string group;
  /// `checkpoint: true` (spec §7): a glob item under one of its outputs is resolved after its
  /// job ran (dag/checkpoint_roots.h).
  bool checkpoint = false;
  ShadowMode shadow = ShadowMode::none;

  /// The step as written (shell text, the built-in's name and raw arguments, or the script
  /// file's text): what the `code` rerun trigger compares.
  std::string code;

  /// The lookups of the rule's inputs and templates, each text once.
  std::vector<Lookup> lookups;
  /// The lookups its shell command uses (indices in `lookups`): their values are part of the
  /// job's params for the rerun trigger, since the command as written does not show them.
  std::vector<std::size_t> shell_lookups;

  bool has_wildcards() const { return !wildcard_names.empty(); }
  /// Some input is a glob item (resolved against the filesystem when the DAG is built).
  bool has_glob_inputs() const;
  /// The index in `lookups` of the lookup written `text` (inside the braces).
  std::optional<std::size_t> find_lookup(std::string_view text) const;
  /// The resource named `name`, or nullptr.
  const Resource* resource(std::string_view resource_name) const;
};

}  // namespace flow::rules
