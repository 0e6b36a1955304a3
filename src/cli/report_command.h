#pragma once
// `--report FILE.html`, and what a run keeps for it.

#include "cli/options.h"
#include "cli/workflow.h"
#include "flow/report/run_history.h"
#include "flow/sys/filesystem.h"

namespace flow::cli {

/// `.flow/last-run.tsv`: the history of the last run.
std::string run_history_path();
/// `.flow/history.tsv` (report::JobHistory).
std::string job_history_path();

/// What the report says of a run that is about to start: the command line, flow's version,
/// the working directory, the config and the rule graph.
report::RunInfo run_info(const Options& options, const Workflow& workflow);

/// Writes `options.report_file` from the last run's history; returns the exit status.
int write_report(const Options& options, sys::Filesystem& fs);

}  // namespace flow::cli
