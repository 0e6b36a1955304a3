#include "flow/report/progress_printer.h"

#include <string.h>

#include <algorithm>

#include <fmt/format.h>

#include "flow/base/columns.h"
#include "flow/base/strings.h"
#include "flow/base/time.h"

namespace flow::report {
namespace {

constexpr const char* k_red = "1;31";
constexpr const char* k_green = "32";
constexpr const char* k_yellow = "33";
constexpr const char* k_dim = "2";

std::string plural(std::size_t count, const char* word) {
  return fmt::format("{} {}{}", count, word, count == 1 ? "" : "s");
}

}  // namespace

std::string closing_line(const run::RunSummary& summary) {
  std::string time = format_duration(summary.seconds);
  switch (summary.status) {
    case run::RunStatus::success:
      if (summary.touch) {
        // What --touch did instead of running: files touched, and the missing ones it left.
        const auto& touch = *summary.touch;
        std::string text = fmt::format("touched {} of {} in {}", plural(touch.touched, "file"),
                                       plural(summary.succeeded, "job"), time);
        if (!touch.missing.empty()) {
          constexpr std::size_t k_most_named = 10;  // the warnings above name every one
          std::size_t shown = std::min(k_most_named, touch.missing.size());
          std::vector<std::string> named(
              touch.missing.begin(), touch.missing.begin() + static_cast<std::ptrdiff_t>(shown));
          text += fmt::format("; {} not created: {}",
                              plural(touch.missing.size(), "missing output"), join(named, " "));
          if (touch.missing.size() > shown) {
            text += fmt::format(" and {} more", touch.missing.size() - shown);
          }
        }
        return text + ".";
      }
      return fmt::format("{} done in {}.", plural(summary.succeeded, "job"), time);
    case run::RunStatus::interrupted:
      return fmt::format("interrupted after {}: {} done, {} not finished{}", time,
                         summary.succeeded, summary.total - summary.succeeded,
                         summary.removed.empty()
                             ? ""
                             : "; removed partial outputs: " + join(summary.removed, " "));
    case run::RunStatus::failed:
      break;
  }
  std::string text = fmt::format("{} of {} failed ({}); {} done, {} not run", summary.failed,
                                 plural(summary.total, "job"), join(summary.failed_labels, ", "),
                                 summary.succeeded, summary.cancelled);
  if (!summary.removed.empty()) text += "; removed their outputs: " + join(summary.removed, " ");
  return text;
}

ProgressPrinter::ProgressPrinter(const dag::Dag& dag, std::ostream& out, const sys::Clock& clock,
                                 PrinterOptions options)
    : m_dag(dag), m_out(out), m_clock(clock), m_options(options) {}

std::string ProgressPrinter::paint(const char* code, const std::string& text) const {
  if (!m_options.color) return text;
  return fmt::format("\033[{}m{}\033[0m", code, text);
}

std::string ProgressPrinter::progress_prefix() const {
  std::size_t percent = m_total == 0 ? 100 : m_done * 100 / m_total;
  return fmt::format("[{}/{} {}%]", m_done, m_total, percent);
}

void ProgressPrinter::print(const std::string& text) {
  clear_status();
  m_out << text;
  if (!text.empty() && text.back() != '\n') m_out << '\n';
  if (!m_options.live_status) m_out.flush();
}

void ProgressPrinter::run_started(std::size_t total) {
  m_total = total;
  m_run_start = m_clock.steady_now();
}

void ProgressPrinter::job_started(const run::JobStarted& event) {
  m_running[event.job.value] = m_clock.steady_now();
  if (m_options.quiet || m_options.quiet_rules) {
    draw_status();
    return;
  }
  std::string text;
  if (!event.message.empty()) text += paint(k_green, event.message) + "\n";
  if (m_options.print_commands && event.spec != nullptr) {
    text += paint(k_dim, fmt::format("{} (job {}): ", event.spec->display_name, event.job.value)) +
            event.spec->command_text + "\n";
  }
  if (!text.empty()) print(text);
  draw_status();
}

std::optional<double> ProgressPrinter::expected_seconds(std::uint32_t job) const {
  auto it = m_options.rule_seconds.find(m_dag.rule_of(JobId(job)).name);
  if (it == m_options.rule_seconds.end()) return std::nullopt;
  return it->second;
}

// With the last run's times for every planned job: the work not done yet, running jobs
// counted with what is left of their expected time, shared by the jobs that run at once.
// Otherwise this run's pace so far: elapsed / done x not done.
double ProgressPrinter::seconds_left(SteadyTime now, double elapsed) const {
  if (m_options.planned_seconds < 0) {
    return elapsed / static_cast<double>(m_done) * static_cast<double>(m_total - m_done);
  }
  double left = m_options.planned_seconds - m_done_seconds;
  for (const auto& [id, started] : m_running) {
    double ran = std::chrono::duration<double>(now - started).count();
    left -= std::min(ran, expected_seconds(id).value_or(0));
  }
  return std::max(0.0, left) / std::max(1, m_options.parallel);
}

void ProgressPrinter::job_succeeded(JobId job, const exec::JobCompletion* completion) {
  m_running.erase(job.value);
  ++m_done;
  m_done_seconds += expected_seconds(job.value).value_or(0);
  if (m_options.quiet) return;
  std::string text;
  if (!m_options.quiet_progress)
    text = paint(k_green, progress_prefix()) + " " + m_dag.label(job) + "\n";
  if (completion != nullptr && !completion->output.empty()) text += completion->output;
  if (!text.empty()) print(text);
  draw_status();
}

namespace {

// `text` with each line indented by `width` spaces, ending in a line break; the first line
// is not indented when it continues a label ("command: ...").
std::string indent_lines(std::string_view text, std::size_t width, bool indent_first = true) {
  std::string out;
  std::string pad(width, ' ');
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (start > 0 || indent_first) out += pad;
    out += text.substr(start, end - start);
    out += '\n';
    start = end + 1;
  }
  return out;
}

}  // namespace

void ProgressPrinter::job_skipped(JobId job, const std::string& why) {
  m_running.erase(job.value);
  if (m_options.quiet) return;
  print(paint(k_yellow, "SKIPPED:") +
        fmt::format(" {} (job {}): {}\n", m_dag.label(job), job.value, why));
  draw_status();
}

void ProgressPrinter::job_failed(const run::JobFailed& event) {
  m_running.erase(event.job.value);
  std::string text;
  if (event.will_retry) {
    text = paint(k_yellow, "RETRY:") +
           fmt::format(" {} (job {}) failed on attempt {}: {}; trying again{}\n", event.label,
                       event.job.value, event.attempt, event.what,
                       event.retry_requests.empty() ? "" : " with " + event.retry_requests);
    if (!event.output.empty()) text += event.output;
    print(text);
    return;
  }
  text = paint(k_red, "FAILED:") +
         fmt::format(" {} (job {}), {}", event.label, event.job.value, event.what);
  if (!event.logs.empty()) text += fmt::format(", log {}", join(event.logs, " "));
  text += "\n";
  // Issue 13 item 4: each part labelled, its text indented under the label, so that a
  // job's own output never reads as flow's.
  if (!event.command.empty()) {
    text += paint(k_dim, "    command:") + " " + indent_lines(event.command, 6, false);
  }
  // Output that ends with the log's last lines (a step whose stderr is also its log) is
  // shown once, under the log.
  std::string_view output = event.output;
  if (!event.log_tail.empty() && output.ends_with(event.log_tail))
    output.remove_suffix(event.log_tail.size());
  if (!output.empty()) {
    text += paint(k_dim, "    output (stdout and stderr):") + "\n" + indent_lines(output, 6);
  }
  if (!event.log_tail.empty()) {
    std::string label = m_options.whole_logs
                            ? fmt::format("    {}:", join(event.logs, ", "))
                            : fmt::format("    last lines of {}:", event.logs.front());
    text += paint(k_dim, label) + "\n" + indent_lines(event.log_tail, 6);
  }
  print(text);
  draw_status();
}

void ProgressPrinter::warning(const std::string& text) {
  print(paint(k_yellow, "flow: warning:") + " " + text + "\n");
}

void ProgressPrinter::tick() {
  if (!m_options.live_status || m_running.empty()) return;
  if (m_clock.steady_now() - m_last_draw < std::chrono::milliseconds(200)) return;
  draw_status();
}

void ProgressPrinter::interrupted(int signal) {
  const char* name = signal > 0 ? sigabbrev_np(signal) : nullptr;
  print(fmt::format("flow: interrupted by SIG{}; stopping {}", name ? name : "INT",
                    plural(m_running.size(), "running job")));
}

void ProgressPrinter::run_finished(const run::RunSummary& summary) {
  m_running.clear();
  std::string line = closing_line(summary);
  if (summary.status == run::RunStatus::success) {
    print("flow: " + line);
  } else {
    print(paint(k_red, "flow: error:") + " " + line);
    // Issue 13 item 4: say how to go on. Outputs done are journalled complete, and a failed
    // or stopped job's outputs were removed, so the same command picks up where this stopped.
    std::string kept = summary.succeeded == 0
                           ? ""
                           : fmt::format("; the {} done {} kept", plural(summary.succeeded, "job"),
                                         summary.succeeded == 1 ? "is" : "are");
    print(summary.status == run::RunStatus::interrupted
              ? "flow: to go on, run the same command again" + kept
              : "flow: after fixing the cause, run the same command again" + kept);
  }
  m_out.flush();
}

void ProgressPrinter::clear_status() {
  if (!m_status_shown) return;
  m_out << "\r\033[K";
  m_status_shown = false;
}

// "[3/10 30%] ████░░░░░░ 2 running, 12s, ~40s left: stem book=84 2.1s, words book=15 0.4s":
// a bar, the running count, the time since the run started, a guess of the time left
// (seconds_left), and the running jobs, oldest first, cut to the terminal's width in columns.
void ProgressPrinter::draw_status() {
  if (!m_options.live_status || m_options.quiet || m_options.quiet_progress) return;
  constexpr int k_bar = 20;
  int filled = m_total == 0 ? k_bar : static_cast<int>(m_done * k_bar / m_total);
  std::string bar;
  for (int i = 0; i < k_bar; ++i)
    bar += i < filled ? "\u2588" : "\u2591";
  std::string line = progress_prefix() + " " + bar;
  SteadyTime now = m_clock.steady_now();
  double elapsed = std::chrono::duration<double>(now - m_run_start).count();
  line += fmt::format(" {} running, {}", m_running.size(), format_duration(elapsed));
  if (m_done < m_total && (m_done > 0 || m_options.planned_seconds >= 0)) {
    line += fmt::format(", ~{} left", format_duration(seconds_left(now, elapsed)));
  }
  if (!m_running.empty()) line += ":";
  std::vector<std::pair<SteadyTime, std::uint32_t>> running;
  for (const auto& [id, started] : m_running)
    running.emplace_back(started, id);
  std::sort(running.begin(), running.end());
  for (std::size_t i = 0; i < running.size(); ++i) {
    double seconds = std::chrono::duration<double>(now - running[i].first).count();
    line += (i == 0 ? " " : ", ") + m_dag.label(JobId(running[i].second)) + " " +
            format_duration(seconds);
  }
  clear_status();
  m_out << cut_to_columns(line, static_cast<std::size_t>(std::max(1, m_options.width - 1)))
        << std::flush;
  m_status_shown = true;
  m_last_draw = now;
}

}  // namespace flow::report
