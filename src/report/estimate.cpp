#include "flow/report/estimate.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>

#include "flow/base/columns.h"
#include "flow/base/language_quoting.h"
#include "flow/base/time.h"

namespace flow::report {
namespace {

// The sizes vary enough to fit a slope: two jobs or more, spread ≥ 20% of the mean.
constexpr double k_min_spread = 0.2;

// The least-squares slope of y over x (0 when x does not vary), and the mean of y.
std::pair<double, double> slope_and_mean(const std::vector<double>& x,
                                         const std::vector<double>& y) {
  double n = static_cast<double>(x.size()), mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
  }
  return {sxx > 0 ? sxy / sxx : 0.0, my};
}

double mean_of(const std::vector<double>& values) {
  double sum = 0;
  for (double v : values)
    sum += v;
  return values.empty() ? 0.0 : sum / static_cast<double>(values.size());
}

// y = a + b·x by least squares; the mean when the slope is negative (taken as noise).
Fit least_squares_fit(const std::vector<double>& x, const std::vector<double>& y) {
  auto [slope, mean] = slope_and_mean(x, y);
  if (slope <= 0) return Fit{mean, 0};
  return Fit{mean - slope * mean_of(x), slope};
}

// The line through (0, floor) and (the mean size, `at_mean`): the cost above the floor grows
// in proportion to the input. A constant when the sizes are all 0 or the floor is not below.
Fit proportional_fit(double mean_x, double at_mean, double floor) {
  if (mean_x <= 0) return Fit{at_mean, 0};
  double intercept = std::clamp(floor, 0.0, at_mean);
  return Fit{intercept, (at_mean - intercept) / mean_x};
}

// The line with `slope`, raised through the highest point: no recorded job lies above it.
Fit raised_fit(const std::vector<double>& x, const std::vector<double>& y, double slope) {
  double intercept = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    intercept = std::max(intercept, y[i] - slope * x[i]);
  return Fit{intercept, slope};
}

// The memory line: the fitted slope when the sizes vary, else the proportional one through
// the largest peak; raised so that no recorded job lies above it.
Fit upper_fit(const std::vector<double>& x, const std::vector<double>& y, bool scaled,
              double floor) {
  if (x.empty()) return Fit{};
  if (scaled) return raised_fit(x, y, std::max(0.0, slope_and_mean(x, y).first));
  double highest = *std::max_element(y.begin(), y.end());
  return raised_fit(x, y, proportional_fit(mean_of(x), highest, floor).slope);
}

std::string megabytes(double mb) {
  return fmt::format("{:.0f} MB", std::ceil(mb));
}

std::string json_number(double value) {
  return fmt::format("{:.6g}", value);
}

}  // namespace

double Fit::at(double bytes) const {
  return std::max(0.0, intercept + slope * bytes);
}

HistoryFloors history_floors(const std::vector<HistoryEntry>& entries) {
  constexpr double none = std::numeric_limits<double>::infinity();
  double wall = none, memory = none;
  for (const auto& e : entries) {
    wall = std::min(wall, std::max(0.0, e.wall_seconds));
    if (e.max_rss_mb > 0) memory = std::min(memory, e.max_rss_mb);
  }
  return HistoryFloors{wall == none ? 0.0 : wall, memory == none ? 0.0 : memory};
}

RuleModel fit_rule(const std::vector<HistoryEntry>& entries, const HistoryFloors& floors) {
  RuleModel model;
  model.samples = entries.size();
  if (entries.empty()) return model;
  std::vector<double> x, wall, memory_x, memory, output;
  double threads = 0;
  for (const auto& e : entries) {
    x.push_back(static_cast<double>(e.input_bytes));
    wall.push_back(e.wall_seconds);
    if (e.max_rss_mb > 0) {
      memory_x.push_back(x.back());
      memory.push_back(e.max_rss_mb);
    }
    output.push_back(static_cast<double>(e.output_bytes));
    threads += std::max(1, e.threads);
  }
  auto [lo, hi] = std::minmax_element(x.begin(), x.end());
  double mean_x = mean_of(x);
  model.mean_input_bytes = mean_x;
  model.scaled = x.size() >= 2 && mean_x > 0 && (*hi - *lo) >= k_min_spread * mean_x;
  model.memory_samples = memory.size();
  model.memory = upper_fit(memory_x, memory, model.scaled, floors.memory_mb);
  if (model.scaled) {
    model.wall = least_squares_fit(x, wall);
    model.output = least_squares_fit(x, output);
  } else {
    // One input size: no slope to fit. Taking the cost as fixed would predict a job with
    // twice the input to cost the same; take what lies above the cheapest recorded job as
    // growing with the input instead (docs/decisions.md).
    model.wall = proportional_fit(mean_x, mean_of(wall), floors.wall_seconds);
    model.output = proportional_fit(mean_x, mean_of(output), 0);
  }
  model.threads = threads / static_cast<double>(entries.size());
  return model;
}

ProcessKinds process_kinds(const rules::RuleSet& rules) {
  ProcessKinds kinds;
  for (const auto& rule : rules.rules()) {
    switch (rule.step) {
      case rules::StepKind::none:
        break;
      case rules::StepKind::shell:
        kinds[rule.name] = "shell";
        break;
      case rules::StepKind::builtin:
        kinds[rule.name] = "builtin";
        break;
      case rules::StepKind::script:
        kinds[rule.name] = fmt::format("script:{}", static_cast<int>(rule.script->interpreter));
        break;
    }
  }
  return kinds;
}

std::map<std::string, RuleModel> fit_history(const std::vector<HistoryEntry>& entries,
                                             const ProcessKinds& kinds) {
  std::map<std::string, std::vector<HistoryEntry>> by_rule;
  std::map<std::string, std::vector<HistoryEntry>> by_kind;
  for (const auto& entry : entries) {
    by_rule[entry.rule].push_back(entry);
    if (auto kind = kinds.find(entry.rule); kind != kinds.end())
      by_kind[kind->second].push_back(entry);
  }
  HistoryFloors any_floors = history_floors(entries);
  std::map<std::string, HistoryFloors> kind_floors;
  for (const auto& [kind, list] : by_kind)
    kind_floors[kind] = history_floors(list);
  std::map<std::string, RuleModel> models;
  for (const auto& [rule, list] : by_rule) {
    auto kind = kinds.find(rule);
    models[rule] = fit_rule(list, kind == kinds.end() ? any_floors : kind_floors[kind->second]);
  }
  return models;
}

Estimate estimate_jobs(const std::vector<PlannedJob>& jobs,
                       const std::map<std::string, RuleModel>& models, int cores) {
  Estimate estimate;
  estimate.cores = std::max(1, cores);
  std::vector<double> output_bytes(jobs.size(), 0), finish(jobs.size(), 0);
  std::unordered_map<std::string, std::size_t> rule_index;
  double core_seconds = 0;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const PlannedJob& job = jobs[i];
    auto [slot, added] = rule_index.try_emplace(job.rule, estimate.rules.size());
    if (added) {
      estimate.rules.emplace_back();
      estimate.rules.back().rule = job.rule;
    }
    RuleEstimate& rule = estimate.rules[slot->second];
    ++rule.jobs;
    ++estimate.jobs;
    double bytes = static_cast<double>(job.known_bytes), start = 0;
    for (auto [producer, outputs] : job.made_inputs) {
      if (producer >= i) continue;  // not producers first: taken as size 0
      if (outputs > 0) bytes += output_bytes[producer] / static_cast<double>(outputs);
      start = std::max(start, finish[producer]);
    }
    auto model = models.find(job.rule);
    if (model == models.end()) {
      ++estimate.unknown_jobs;
      finish[i] = start;
      continue;
    }
    const RuleModel& m = model->second;
    // A log or benchmark it reads has no predicted size: at least what its rule read before.
    if (job.unsized_inputs) bytes = std::max(bytes, m.mean_input_bytes);
    rule.known = true;
    rule.samples = m.samples;
    double wall = m.wall.at(bytes);
    double threads = std::min<double>(m.threads, estimate.cores);
    rule.wall_seconds += wall;
    if (m.memory_samples > 0) {
      rule.memory_known = true;
      rule.peak_mb = std::max(rule.peak_mb, m.memory.at(bytes));
    }
    rule.core_hours += wall * threads / 3600.0;
    core_seconds += wall * threads;
    output_bytes[i] = m.output.at(bytes);
    finish[i] = start + wall;
    estimate.critical_path_seconds = std::max(estimate.critical_path_seconds, finish[i]);
  }
  for (const auto& rule : estimate.rules) {
    estimate.wall_seconds += rule.wall_seconds;
    estimate.peak_mb = std::max(estimate.peak_mb, rule.peak_mb);
    estimate.core_hours += rule.core_hours;
  }
  estimate.elapsed_seconds =
      std::max(core_seconds / estimate.cores, estimate.critical_path_seconds);
  return estimate;
}

std::vector<PlannedJob> planned_jobs(const dag::Dag& dag, const plan::Staleness& staleness,
                                     plan::FileStatCache& stats) {
  // Kahn's order over the jobs to run: a job comes after the jobs to run it depends on.
  std::vector<std::size_t> waiting(dag.jobs().size(), 0);
  std::deque<JobId> ready;
  for (const auto& job : dag.jobs()) {
    if (!staleness.runs(job.id)) continue;
    for (JobId dep : job.dependencies)
      if (staleness.runs(dep)) ++waiting[job.id.index()];
    if (waiting[job.id.index()] == 0) ready.push_back(job.id);
  }
  std::vector<PlannedJob> planned;
  std::unordered_map<std::uint32_t, std::size_t> index;  // job -> its place in `planned`
  while (!ready.empty()) {
    JobId id = ready.front();
    ready.pop_front();
    const dag::Job& job = dag.job(id);
    for (JobId next : job.dependents) {
      if (staleness.runs(next) && --waiting[next.index()] == 0) ready.push_back(next);
    }
    if (dag.rule_of(id).step == rules::StepKind::none) continue;  // `all`: nothing runs
    PlannedJob p;
    p.rule = dag.rule_of(id).name;
    for (const auto& ref : job.inputs) {
      if ((ref.flags & dag::k_flag_glob_root) != 0) continue;
      JobId producer = dag.file(ref.file).producer;
      if (producer.valid() && staleness.runs(producer)) {
        auto it = index.find(producer.value);
        if (it != index.end()) {
          // Another job's log or benchmark: its size is not predicted (0: order only).
          const auto& outputs = dag.job(producer).outputs;
          bool output = std::any_of(outputs.begin(), outputs.end(),
                                    [&](const auto& out) { return out.file == ref.file; });
          p.made_inputs.emplace_back(it->second, output ? outputs.size() : 0);
          p.unsized_inputs = p.unsized_inputs || !output;
          continue;
        }
      }
      auto stat = stats.get(ref.file);
      if (stat && stat->exists && !stat->is_dir) p.known_bytes += stat->size;
    }
    index[id.value] = planned.size();
    planned.push_back(std::move(p));
  }
  return planned;
}

void write_estimate(const Estimate& e, std::size_t samples, std::ostream& out) {
  if (e.jobs == 0) {
    out << "flow: nothing to be done.\n";
    return;
  }
  std::size_t width = 5;  // "total"
  for (const auto& rule : e.rules)
    width = std::max(width, columns_of(rule.rule));
  auto pad = [&](const std::string& name) {
    return name + std::string(width - std::min(width, columns_of(name)), ' ');
  };
  out << fmt::format("flow: estimate from {} recorded job{} (.flow/history.tsv)\n", samples,
                     samples == 1 ? "" : "s");
  out << fmt::format("{}  {:>6}  {:>9}  {:>10}  {:>11}  {:>10}\n", pad("rule"), "jobs", "wall/job",
                     "wall total", "peak memory", "core-hours");
  for (const auto& r : e.rules) {
    if (!r.known) {
      out << fmt::format("{}  {:>6}  no history: run some of its jobs first\n", pad(r.rule),
                         r.jobs);
      continue;
    }
    out << fmt::format("{}  {:>6}  {:>9}  {:>10}  {:>11}  {:>10.3f}\n", pad(r.rule), r.jobs,
                       format_duration(r.wall_seconds / static_cast<double>(r.jobs)),
                       format_duration(r.wall_seconds),
                       r.memory_known ? megabytes(r.peak_mb) : "not measured", r.core_hours);
  }
  out << fmt::format("{}  {:>6}  {:>9}  {:>10}  {:>11}  {:>10.3f}\n", pad("total"), e.jobs, "",
                     format_duration(e.wall_seconds), megabytes(e.peak_mb), e.core_hours);
  out << fmt::format("with {} core{}: about {} (the longest chain of jobs takes {})\n", e.cores,
                     e.cores == 1 ? "" : "s", format_duration(e.elapsed_seconds),
                     format_duration(e.critical_path_seconds));
  if (e.unknown_jobs > 0) {
    out << fmt::format("not counted: {} job{} of rules without history\n", e.unknown_jobs,
                       e.unknown_jobs == 1 ? "" : "s");
  }
}

void write_estimate_json(const Estimate& e, std::size_t samples, std::ostream& out) {
  out << "{\"jobs\": " << e.jobs << ", \"unknown_jobs\": " << e.unknown_jobs
      << ", \"wall_seconds\": " << json_number(e.wall_seconds)
      << ", \"peak_mb\": " << json_number(e.peak_mb)
      << ", \"core_hours\": " << json_number(e.core_hours) << ", \"cores\": " << e.cores
      << ", \"elapsed_seconds\": " << json_number(e.elapsed_seconds)
      << ", \"critical_path_seconds\": " << json_number(e.critical_path_seconds)
      << ", \"history_jobs\": " << samples << ", \"rules\": [";
  for (std::size_t i = 0; i < e.rules.size(); ++i) {
    const RuleEstimate& r = e.rules[i];
    out << (i == 0 ? "" : ", ") << "{\"rule\": " << json_quote(r.rule) << ", \"jobs\": " << r.jobs
        << ", \"history\": " << (r.known ? "true" : "false") << ", \"samples\": " << r.samples;
    if (r.known) {
      out << ", \"wall_seconds_per_job\": "
          << json_number(r.wall_seconds / static_cast<double>(r.jobs))
          << ", \"wall_seconds\": " << json_number(r.wall_seconds)
          << ", \"peak_mb\": " << (r.memory_known ? json_number(r.peak_mb) : "null")
          << ", \"core_hours\": " << json_number(r.core_hours);
    } else {
      out << ", \"wall_seconds_per_job\": null, \"wall_seconds\": null, \"peak_mb\": null, "
             "\"core_hours\": null";
    }
    out << "}";
  }
  out << "]}\n";
}

}  // namespace flow::report
