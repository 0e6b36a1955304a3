#pragma once
// `flow --report FILE.html`: the last run as one self-contained HTML page (no network: styles,
// script, pictures and the rule graph are all inside it).

#include <ostream>
#include <string>

#include "flow/report/run_history.h"
#include "flow/sys/filesystem.h"

namespace flow::report {

struct ReportInputs {
  /// The rule graph as SVG (dot's output), or "" when it could not be drawn.
  std::string rulegraph_svg;
  /// Why there is no rule graph ("Graphviz dot is not installed"), when rulegraph_svg is "".
  std::string rulegraph_note;
  /// Prefixed to an output's path (relative to the working directory) to link it from the
  /// report's directory: "" when the report is written in the working directory, "../" ...
  std::string link_prefix;
  /// When the report is written ("2024-05-01 14:03:12 +0200"), for the footer.
  std::string written_at;
};

/// Writes the page: the run's date, command line, flow version, exit status and job counts;
/// the rule graph; the timeline with a legend; failed jobs (command, exit status, log tail);
/// sortable per-rule and per-job tables; the final outputs with sizes and links, pictures and
/// tables of outputs flagged `report: true` embedded; the config. Outputs are looked at
/// through `fs` (paths relative to the working directory, which is the current one).
void write_html_report(const RunRecord& run, const ReportInputs& inputs, const sys::Filesystem& fs,
                       std::ostream& out);

/// "2024-05-01 14:03:12 +0200": a wall time in the local time zone.
std::string format_local_time(TimeStamp time);

}  // namespace flow::report
