#pragma once

#include "cli/options.h"
#include "flow/base/error.h"
#include "flow/base/source_texts.h"

namespace flow::cli {

/// Carries out the command of `options`; returns the exit status (spec §3).
int run_command(const Options& options);

/// Prints `error` on stderr (with quoted lines when `texts` knows the file) and returns its
/// exit status: 2 for usage and flowfile errors, 130 when interrupted, else 1.
int report_error(const Error& error, const SourceTexts* texts);

}  // namespace flow::cli
