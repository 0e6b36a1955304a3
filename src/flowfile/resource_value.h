#pragma once
// One resource value read from its text (private to flowfile): shared by the rule reader
// (`resources:` in the workflow file) and by --default-resources / --set-resources, so that
// a value means the same wherever it is written.

#include <string>
#include <variant>
#include <vector>

#include "flow/flowfile/flowfile.h"

namespace flow::flowfile {

/// Why a resource value is refused: the message, the part of the text the caret points at
/// ("" for the whole value) and notes.
struct ResourceValueProblem {
  std::string message;
  std::string anchor;
  std::vector<std::string> notes;
};

/// `text` (config already substituted) as the value of resource `name`: a whole number
/// (not negative), a formula over {attempt} ("2000 * {attempt}", spec §9) or a plain text
/// ("00:10:00", "1h30m"); a placeholder other than {attempt} is refused, since nothing would
/// fill it in.
/// Whether `auto` (sized from the job history, spec §9) is allowed for resource `name`:
/// mem_mb, runtime and its alias walltime.
bool can_be_auto(std::string_view name);

/// `auto` gives a resource with sizing auto_asked and no value.
std::variant<Resource, ResourceValueProblem> read_resource_value(const std::string& name,
                                                                 const Text& text);

}  // namespace flow::flowfile
