#include <algorithm>

#include <fmt/format.h>

#include "flow/base/time.h"
#include "report/html_sections.h"
#include "report/html_text.h"

namespace flow::report {
namespace {

// Lanes: each job goes to the first lane free at its start, so the number of lanes is the
// most jobs that ran at once.
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

void write_legend(const RunRecord& run, const std::map<std::string, int>& hues, std::string& out) {
  out += "<ul class=\"legend\" id=\"timeline-legend\">";
  for (const auto& [rule, hue] : hues) {
    out += fmt::format(
        "<li><span class=\"swatch\" style=\"background:hsl({},60%,60%)\"></span>{}</li>", hue,
        html_escape(rule));
  }
  bool any_failed = false, any_retried = false, any_interrupted = false;
  for (const auto& job : run.jobs) {
    any_failed = any_failed || job.status == "failed";
    any_retried = any_retried || job.status == "retried";
    any_interrupted = any_interrupted || job.status == "interrupted";
  }
  if (any_failed) out += "<li><span class=\"swatch failed\"></span>failed</li>";
  if (any_retried) out += "<li><span class=\"swatch retried\"></span>failed, then retried</li>";
  if (any_interrupted) out += "<li><span class=\"swatch interrupted\"></span>interrupted</li>";
  out += "</ul>\n";
}

}  // namespace

std::map<std::string, int> rule_hues(const RunRecord& run) {
  std::map<std::string, int> hues;
  for (const auto& job : run.jobs)
    hues[job.rule] = 0;
  // Starting at blue, so that the first rule is not the red of failures.
  int index = 0;
  for (auto& [rule, hue] : hues)
    hue = (210 + static_cast<int>(360.0 * index++ / static_cast<double>(hues.size()))) % 360;
  return hues;
}

void write_timeline(const RunRecord& run, std::string& out) {
  out += "<section id=\"timeline\"><h2>Timeline</h2>\n";
  if (run.jobs.empty()) {
    out += "<p>No job ran.</p></section>\n";
    return;
  }
  out +=
      "<p>One lane per job running at the same time (the most lanes is the most jobs that "
      "ran at once); hover over a job for its times.</p>\n";
  auto hues = rule_hues(run);
  write_legend(run, hues, out);
  int lane_count = 0;
  auto lanes = assign_lanes(run.jobs, lane_count);
  double total = 0;
  for (const auto& job : run.jobs)
    total = std::max(total, job.end);
  if (total <= 0) total = 1;
  constexpr int k_width = 1000, k_lane = 16, k_axis = 20;
  int height = lane_count * k_lane + k_axis;
  out += fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"{}\" "
      "height=\"{}\" class=\"timeline\" data-lanes=\"{}\">\n",
      k_width + 2, height, k_width + 2, height, lane_count);
  for (std::size_t i = 0; i < run.jobs.size(); ++i) {
    const auto& job = run.jobs[i];
    double x = job.start / total * k_width;
    double w = std::max(1.0, (job.end - job.start) / total * k_width);
    out += fmt::format(
        "<rect class=\"job {}\" x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" "
        "fill=\"hsl({},60%,60%)\"><title>{} (job {}, {}): {:.3f}s from {:.3f}s, {:.1f} "
        "MB</title></rect>\n",
        html_escape(job.status), x, lanes[i] * k_lane, w, k_lane - 2, hues[job.rule],
        html_escape(job.label), job.job, html_escape(job.status), job.end - job.start, job.start,
        job.max_rss_mb);
  }
  for (int tick = 0; tick <= 10; ++tick) {
    double x = tick * k_width / 10.0;
    const char* anchor = tick == 0 ? "start" : tick == 10 ? "end" : "middle";
    out +=
        fmt::format("<text x=\"{:.0f}\" y=\"{}\" font-size=\"10\" text-anchor=\"{}\">{}</text>\n",
                    x, height - 6, anchor, format_duration(total * tick / 10.0));
  }
  out += "</svg></section>\n";
}

}  // namespace flow::report
