#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "flow/base/time.h"
#include "flow/report/run_history.h"

namespace flow::report {
namespace {

std::string html_escape(std::string_view text) {
  std::string escaped;
  for (char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

// A hue per rule, spread evenly in rule-name order.
std::map<std::string, int> rule_hues(const std::vector<JobRecord>& jobs) {
  std::map<std::string, int> hues;
  for (const auto& job : jobs)
    hues[job.rule] = 0;
  int index = 0;
  for (auto& [rule, hue] : hues)
    hue = static_cast<int>(360.0 * index++ / static_cast<double>(hues.size()));
  return hues;
}

// Lanes for the timeline: each job goes to the first lane free at its start, so the number of
// lanes is the most jobs that ran at once.
std::vector<int> assign_lanes(const std::vector<JobRecord>& jobs, int& lane_count) {
  std::vector<std::size_t> order(jobs.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return jobs[a].start < jobs[b].start; });
  std::vector<double> lane_end;
  std::vector<int> lanes(jobs.size(), 0);
  for (std::size_t i : order) {
    auto free = std::find_if(lane_end.begin(), lane_end.end(),
                             [&](double end) { return end <= jobs[i].start; });
    if (free == lane_end.end()) {
      lane_end.push_back(jobs[i].end);
      lanes[i] = static_cast<int>(lane_end.size() - 1);
    } else {
      *free = jobs[i].end;
      lanes[i] = static_cast<int>(free - lane_end.begin());
    }
  }
  lane_count = static_cast<int>(lane_end.size());
  return lanes;
}

void write_timeline(const std::vector<JobRecord>& jobs, std::ostream& out) {
  int lane_count = 0;
  auto lanes = assign_lanes(jobs, lane_count);
  auto hues = rule_hues(jobs);
  double total = 0;
  for (const auto& job : jobs)
    total = std::max(total, job.end);
  if (total <= 0) total = 1;
  constexpr int k_width = 1000, k_lane = 16, k_axis = 20;
  int height = lane_count * k_lane + k_axis;
  out << fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" class=\"timeline\">\n",
      k_width + 2, height);
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const auto& job = jobs[i];
    double x = job.start / total * k_width;
    double w = std::max(1.0, (job.end - job.start) / total * k_width);
    const char* stroke = job.status == "ok" ? "none" : "#c00";
    out << fmt::format(
        "<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"hsl({},60%,60%)\" "
        "stroke=\"{}\">"
        "<title>{} ({}): {:.3f}s, {:.1f} MB</title></rect>\n",
        x, lanes[i] * k_lane, w, k_lane - 2, hues[job.rule], stroke, html_escape(job.label),
        job.status, job.end - job.start, job.max_rss_mb);
  }
  for (int tick = 0; tick <= 10; ++tick) {
    double x = tick * k_width / 10.0;
    out << fmt::format(
        "<text x=\"{:.0f}\" y=\"{}\" font-size=\"10\" text-anchor=\"{}\">{}</text>\n", x,
        height - 6,
        tick == 0    ? "start"
        : tick == 10 ? "end"
                     : "middle",
        format_duration(total * tick / 10.0));
  }
  out << "</svg>\n";
}

void write_rule_table(const std::vector<JobRecord>& jobs, std::ostream& out) {
  struct Totals {
    int count = 0;
    double seconds = 0, cpu = 0, max_rss = 0;
  };
  std::map<std::string, Totals> rules;
  for (const auto& job : jobs) {
    Totals& t = rules[job.rule];
    ++t.count;
    t.seconds += job.end - job.start;
    t.cpu += job.cpu_seconds;
    t.max_rss = std::max(t.max_rss, job.max_rss_mb);
  }
  out << "<h2>Per rule</h2>\n<table><tr><th>rule</th><th>jobs</th><th>total runtime</th><th>mean "
         "runtime</th>"
         "<th>CPU</th><th>peak memory</th></tr>\n";
  for (const auto& [rule, t] : rules) {
    out << fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{:.3f}s</td><td>{:.2f}s</td><td>{:.1f} "
        "MB</td></tr>\n",
        html_escape(rule), t.count, format_duration(t.seconds), t.seconds / t.count, t.cpu,
        t.max_rss);
  }
  out << "</table>\n";
}

void write_job_table(const std::vector<JobRecord>& jobs, std::ostream& out) {
  out << "<h2>Jobs</h2>\n<table><tr><th>job</th><th>rule and "
         "wildcards</th><th>status</th><th>start</th>"
         "<th>runtime</th><th>CPU</th><th>peak memory</th><th>threads</th></tr>\n";
  for (const auto& job : jobs) {
    out << fmt::format(
        "<tr "
        "class=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{:.3f}s</td><td>{:.3f}s</"
        "td><td>{:.2f}s</td>"
        "<td>{:.1f} MB</td><td>{}</td></tr>\n",
        html_escape(job.status), job.job, html_escape(job.label), html_escape(job.status),
        job.start, job.end - job.start, job.cpu_seconds, job.max_rss_mb, job.threads);
  }
  out << "</table>\n";
}

}  // namespace

void write_html_report(const std::vector<JobRecord>& jobs, const std::string& run_header,
                       std::ostream& out) {
  double total = 0;
  std::size_t failed = 0;
  for (const auto& job : jobs) {
    total = std::max(total, job.end);
    failed += job.status != "ok";
  }
  out << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>flow "
         "report</title>\n<style>\n"
         "body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:"
         "1em 0}"
         "td,th{border:1px solid #ccc;padding:2px "
         "8px;text-align:right}td:nth-child(2),th{text-align:left}"
         "tr.failed td,tr.retried td{background:#fdd}.timeline{border:1px solid "
         "#ccc;background:#fafafa}\n"
         "</style></head><body>\n<h1>flow: the last run</h1>\n";
  out << fmt::format(
      "<p>{} jobs, {} not ok, {} from the first start to the last end. <small>{}</small></p>\n",
      jobs.size(), failed, format_duration(total), html_escape(run_header));
  out << "<h2>Timeline</h2>\n<p>One lane per job running at the same time; hover for "
         "details.</p>\n";
  write_timeline(jobs, out);
  write_rule_table(jobs, out);
  write_job_table(jobs, out);
  out << "</body></html>\n";
}

}  // namespace flow::report
