#pragma once
// Lookups (spec §6): `{tables.NAME[w].COLUMN}` and `{config.KEY[w]...}`, values chosen per job
// by its wildcards, in inputs, params, `with`, shell and message. The tables and config parts
// they read are kept here, indexed, so that evaluating one is a hash lookup.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flow/base/error.h"
#include "flow/base/result.h"
#include "flow/pattern/pattern.h"

namespace flow::rules {

/// One step after the first `[w]` of a config lookup: `.KEY` or `[w]`.
struct LookupStep {
  std::string key;              ///< for `.KEY`
  std::size_t slot = SIZE_MAX;  ///< for `[w]`: the rule's wildcard slot
  bool by_wildcard() const { return slot != SIZE_MAX; }
};

/// A compiled lookup of one rule.
struct Lookup {
  enum class Kind : std::uint8_t { table, config };
  Kind kind = Kind::table;
  std::string text;          ///< as written inside the braces: "tables.samples[sample].fq1"
  SourceLocation location;   ///< the value it is written in (errors point at `text` inside)
  std::uint32_t source = 0;  ///< the table, or the config mapping, in LookupSources
  /// The wildcard slots whose values select the row (one per key column) or config entry.
  std::vector<std::size_t> slots;
  std::size_t column = 0;         ///< table: the column looked up
  std::vector<LookupStep> steps;  ///< config: the path after the first `[w]`
  bool used_by_inputs = false;    ///< an input item uses it (so making the inputs checks it)
};

/// Where a looked-up value was written (a table cell or a config value), for errors.
struct LookupOrigin {
  SourceLocation location;
};

/// The data lookups read: the workflow's tables and the config mappings indexed by wildcard.
class LookupSources {
 public:
  LookupSources();
  ~LookupSources();
  LookupSources(LookupSources&&) noexcept;
  LookupSources& operator=(LookupSources&&) noexcept;

  /// Appends the value(s) of `lookup` for a job with `wildcards`: one value, or the items of a
  /// list cell or config list. `origin`, when given, learns where the value was written. An
  /// error (ErrorKind::workflow, at the lookup, the caret on it) when the row or config key
  /// is missing or the config value is not a value or a list of values; its message starts
  /// with what is missing ("no row 'C' in table 'samples' (config/samples.tsv)"), the caller
  /// puts the job in front.
  Result<void> append_values(const Lookup& lookup, const pattern::WildcardValues& wildcards,
                             std::vector<std::string_view>& out,
                             LookupOrigin* origin = nullptr) const;

  struct Data;  ///< defined in src/rules (it holds the flowfile's types)
  Data& data() { return *m_data; }

 private:
  std::unique_ptr<Data> m_data;
};

}  // namespace flow::rules
