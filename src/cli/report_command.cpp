#include "cli/report_command.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/config_text.h"
#include "flow/base/state_layout.h"
#include "flow/report/dot.h"
#include "flow/report/html_report.h"
#include "flow/sys/clock.h"
#include "flow/sys/process.h"

namespace flow::cli {
namespace {

// The rule graph as SVG through Graphviz (`dot -Tsvg`), or the reason there is none.
std::pair<std::string, std::string> rulegraph_svg(const std::string& dot_text,
                                                  sys::Filesystem& fs) {
  if (dot_text.empty()) return {"", "The run kept no rule graph."};
  std::string path = fmt::format("{}/{}", layout::k_state_dir, layout::k_report_rulegraph);
  if (auto written = fs.write_file_atomic(path, dot_text); !written)
    return {"", "The rule graph could not be drawn: " + written.error().message};
  auto spawner = sys::make_posix_spawner();
  sys::SpawnRequest request{{"dot", "-Tsvg", path}, "", {}, sys::OutputMode::split};
  auto ran = sys::run_command(*spawner, request);
  (void)fs.remove(path);
  if (!ran) return {"", "Graphviz dot is not installed: the rule graph is left out."};
  if (ran->exit_code != 0)
    return {"", "Graphviz dot failed on the rule graph: " + ran->error_output};
  return {ran->output, ""};
}

// How to get from the report's directory to the working directory, as a link prefix.
std::string link_prefix(const std::string& report_file) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::path cwd = fs::current_path(error);
  fs::path report = fs::absolute(report_file, error);
  if (error) return "";
  fs::path relative = cwd.lexically_relative(report.parent_path().lexically_normal());
  if (relative.empty() || relative == ".") return "";
  return relative.string() + "/";
}

}  // namespace

std::string run_history_path() {
  return fmt::format("{}/{}", layout::k_state_dir, layout::k_run_history);
}

std::string job_history_path() {
  return fmt::format("{}/{}", layout::k_state_dir, layout::k_job_history);
}

report::RunInfo run_info(const Options& o, const Workflow& wf) {
  report::RunInfo info;
  info.command_line = o.command_line;
  info.version = FLOW_VERSION;
  info.workdir = sys::current_directory();
  info.config_text = wf.config_text;
  std::ostringstream dot;
  report::write_dot(*wf.dag, wf.staleness, report::GraphKind::rules, dot);
  info.rulegraph_dot = dot.str();
  return info;
}

int write_report(const Options& o, sys::Filesystem& fs) {
  std::string path = run_history_path();
  auto text = fs.read_file(path);
  if (!text) {
    Error error = make_error(ErrorKind::workflow, "no run to report: " + text.error().message);
    error.notes.push_back("run the workflow first; every run keeps its history in " + path);
    return report_error(error, nullptr);
  }
  auto run = report::read_run_history(*text, path);
  if (!run) {
    Error error = run.error();
    error.notes.push_back("run the workflow again to report on it");
    return report_error(error, nullptr);
  }
  report::ReportInputs inputs;
  std::tie(inputs.rulegraph_svg, inputs.rulegraph_note) =
      rulegraph_svg(run->info.rulegraph_dot, fs);
  inputs.link_prefix = link_prefix(o.report_file);
  inputs.written_at = report::format_local_time(sys::make_real_clock()->wall_now());
  std::ostringstream page;
  report::write_html_report(*run, inputs, fs, page);
  if (auto written = fs.write_file_atomic(o.report_file, page.str()); !written)
    return report_error(written.error(), nullptr);
  std::cout << fmt::format(
                   "flow: wrote {}: the run of {}, {} ({} to run: {} done, {} failed, {} "
                   "not run).",
                   o.report_file, report::format_local_time(run->started), run->status,
                   run->planned, run->succeeded, run->failed, run->not_run)
            << std::endl;
  return 0;
}

}  // namespace flow::cli
