#pragma once
// --configfile and --config over the workflow's config (spec §1).

#include "flow/base/result.h"
#include "flow/base/source_texts.h"
#include "flow/flowfile/load.h"
#include "flow/flowfile/node.h"
#include "flow/sys/filesystem.h"
#include "flowfile/diagnostics.h"

namespace flow::flowfile {

/// Deep-merges each --configfile (a YAML mapping) over `config`, then each --config
/// KEY=VALUE (KEY may be dotted, VALUE is parsed as YAML). An unreadable file or a malformed
/// assignment is returned at once as an ErrorKind::usage error; a file that is not a valid
/// YAML mapping is reported to `errors` (with locations in that file, whose text goes to
/// `texts`).
Result<void> apply_config_overrides(Node& config, const ConfigOverrides& overrides,
                                    const sys::Filesystem& fs, SourceTexts& texts,
                                    ErrorList& errors);

}  // namespace flow::flowfile
