#pragma once
// The sections of the HTML report, each written by its own file (report module only).

#include <map>
#include <string>

#include "flow/report/html_report.h"

namespace flow::report {

/// A hue (0-359) per rule, spread evenly in rule-name order: the timeline and its legend.
std::map<std::string, int> rule_hues(const RunRecord& run);

void write_timeline(const RunRecord& run, std::string& out);          // html_timeline.cpp
void write_failures(const RunRecord& run, std::string& out);          // html_tables.cpp
void write_rule_table(const RunRecord& run, std::string& out);        // html_tables.cpp
void write_job_table(const RunRecord& run, std::string& out);         // html_tables.cpp
void write_outputs(const RunRecord& run, const ReportInputs& inputs,  // html_outputs.cpp
                   const sys::Filesystem& fs, std::string& out);

}  // namespace flow::report
