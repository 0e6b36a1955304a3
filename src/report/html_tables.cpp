#include <algorithm>

#include <fmt/format.h>

#include "flow/base/strings.h"
#include "flow/base/time.h"
#include "report/html_sections.h"
#include "report/html_text.h"

namespace flow::report {
namespace {

// A numeric cell: right-aligned, sorted by `value`, shown as `text`.
std::string number_cell(double value, const std::string& text) {
  return fmt::format("<td class=\"num\" data-sort=\"{:.6f}\">{}</td>", value, text);
}

std::string seconds(double value) {
  return fmt::format("{:.3f}", value);
}

}  // namespace

void write_failures(const RunRecord& run, std::string& out) {
  if (run.failures.empty()) return;
  out += fmt::format("<section id=\"failures\"><h2>Failed jobs ({})</h2>\n", run.failures.size());
  for (const auto& f : run.failures) {
    out += fmt::format("<article class=\"failure\" data-job=\"{}\"><h3>{} (job {})</h3><dl>", f.job,
                       html_escape(f.label), f.job);
    out += "<dt>exit status</dt><dd class=\"what\">" + html_escape(f.what) + "</dd>";
    if (f.attempt > 1) out += fmt::format("<dt>attempts</dt><dd>{}</dd>", f.attempt);
    if (!f.command.empty()) {
      out += "<dt>command</dt><dd><pre class=\"command\">" + html_escape(f.command) + "</pre></dd>";
    }
    if (!f.logs.empty()) out += "<dt>log</dt><dd>" + html_escape(join(f.logs, ", ")) + "</dd>";
    out += "</dl>\n";
    // Shown once: a job whose stderr is its log has printed nothing else.
    std::string output = f.output == f.log_tail ? "" : f.output;
    if (!output.empty()) {
      out += "<p class=\"label\">what it printed</p><pre class=\"output\">" + html_escape(output) +
             "</pre>\n";
    }
    if (!f.log_tail.empty()) {
      out += fmt::format("<p class=\"label\">last lines of {}</p><pre class=\"log\">{}</pre>\n",
                         html_escape(f.logs.empty() ? "the log" : f.logs.front()),
                         html_escape(f.log_tail));
    }
    out += "</article>\n";
  }
  out += "</section>\n";
}

void write_rule_table(const RunRecord& run, std::string& out) {
  struct Totals {
    int jobs = 0, failed = 0;
    double seconds = 0, longest = 0, cpu = 0, max_rss = 0;
  };
  std::map<std::string, Totals> rules;
  for (const auto& job : run.jobs) {
    Totals& t = rules[job.rule];
    ++t.jobs;
    t.failed += job.status != "ok";
    t.seconds += job.end - job.start;
    t.longest = std::max(t.longest, job.end - job.start);
    t.cpu += job.cpu_seconds;
    t.max_rss = std::max(t.max_rss, job.max_rss_mb);
  }
  out +=
      "<section id=\"rules\"><h2>Per rule</h2>\n"
      "<p>Jobs are attempts: a job retried once counts twice. Times in seconds; click a "
      "column to sort.</p>\n"
      "<table class=\"sortable\" id=\"rule-table\"><thead><tr><th>rule</th>"
      "<th class=\"num\">jobs</th><th class=\"num\">not ok</th>"
      "<th class=\"num\">total runtime</th><th class=\"num\">mean runtime</th>"
      "<th class=\"num\">longest</th><th class=\"num\">CPU</th>"
      "<th class=\"num\">peak memory (MB)</th></tr></thead><tbody>\n";
  for (const auto& [rule, t] : rules) {
    double mean = t.seconds / t.jobs;
    out += "<tr><td>" + html_escape(rule) + "</td>" + number_cell(t.jobs, std::to_string(t.jobs)) +
           number_cell(t.failed, std::to_string(t.failed)) +
           number_cell(t.seconds, seconds(t.seconds)) + number_cell(mean, seconds(mean)) +
           number_cell(t.longest, seconds(t.longest)) + number_cell(t.cpu, seconds(t.cpu)) +
           number_cell(t.max_rss, fmt::format("{:.1f}", t.max_rss)) + "</tr>\n";
  }
  out += "</tbody></table></section>\n";
}

void write_job_table(const RunRecord& run, std::string& out) {
  out +=
      "<section id=\"jobs\"><h2>Jobs</h2>\n"
      "<table class=\"sortable\" id=\"job-table\"><thead><tr><th class=\"num\">job</th>"
      "<th>rule and wildcards</th><th>status</th><th class=\"num\">start</th>"
      "<th class=\"num\">runtime</th><th class=\"num\">CPU</th>"
      "<th class=\"num\">peak memory (MB)</th><th class=\"num\">threads</th></tr></thead>"
      "<tbody>\n";
  for (const auto& job : run.jobs) {
    double runtime = job.end - job.start;
    // A job that failed or was stopped reports no CPU time or memory: shown as unknown.
    bool measured = job.status == "ok" || job.cpu_seconds > 0 || job.max_rss_mb > 0;
    out +=
        fmt::format("<tr class=\"{}\">", html_escape(job.status)) +
        number_cell(job.job, std::to_string(job.job)) + "<td>" + html_escape(job.label) +
        "</td><td>" + html_escape(job.status) + "</td>" +
        number_cell(job.start, seconds(job.start)) + number_cell(runtime, seconds(runtime)) +
        number_cell(job.cpu_seconds, measured ? seconds(job.cpu_seconds) : "\u2013") +
        number_cell(job.max_rss_mb, measured ? fmt::format("{:.1f}", job.max_rss_mb) : "\u2013") +
        number_cell(job.threads, std::to_string(job.threads)) + "</tr>\n";
  }
  out += "</tbody></table></section>\n";
}

}  // namespace flow::report
