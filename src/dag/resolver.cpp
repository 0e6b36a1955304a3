#include "dag/resolver.h"

#include <fmt/format.h>

namespace flow::dag {

void Resolver::push(bool is_file, std::uint32_t id) {
  Frame frame;
  frame.is_file = is_file;
  frame.id = id;
  auto depth = static_cast<std::uint32_t>(m_stack.size());
  auto& depths = is_file ? m_file_depth : m_job_depth;
  if (depths.size() <= id) depths.resize(id + 1, k_none);
  depths[id] = depth;
  m_stack.push_back(std::move(frame));
}

Result<void> Resolver::resolve_file(std::uint32_t file) {
  if (m_graph.file(file).state != State::unknown) return ok_result();
  push(true, file);
  return run();
}

Result<void> Resolver::resolve_job(std::uint32_t job) {
  if (m_graph.job(job).state != State::unknown) return ok_result();
  push(false, job);
  return run();
}

Result<void> Resolver::run() {
  while (!m_stack.empty()) {
    Frame& top = m_stack.back();
    if (top.is_file) {
      if (auto stepped = step_file(top); !stepped) return stepped;
    } else {
      step_job(top);
    }
  }
  return ok_result();
}

void Resolver::start_file(Frame& frame) {
  m_graph.file(frame.id).state = State::in_progress;
  m_graph.rules().output_index().find(m_graph.path(frame.id), m_candidates);
  for (auto& candidate : m_candidates) {
    frame.candidates.push_back(m_graph.job_for(candidate.rule, std::move(candidate.wildcards)));
  }
  frame.in_cycle.assign(frame.candidates.size(), false);
}

Result<void> Resolver::step_file(Frame& frame) {
  if (m_graph.file(frame.id).state == State::unknown) start_file(frame);
  while (frame.next < frame.candidates.size()) {
    std::uint32_t job = frame.candidates[frame.next];
    State state = m_graph.job(job).state;
    if (state == State::unknown) {
      push(false, job);  // invalidates `frame`: come back to it on a later step
      return ok_result();
    }
    if (state == State::in_progress) {
      // The candidate is already being resolved below us: choosing it would be a cycle.
      frame.in_cycle[frame.next] = true;
      m_graph.file(frame.id).set_detail(cycle_text(m_job_depth[job]));
    }
    ++frame.next;
  }
  return finish_file(frame);
}

Result<void> Resolver::finish_file(Frame& frame) {
  std::uint32_t file = frame.id;
  std::vector<std::uint32_t> viable;
  bool any_cycle = false;
  for (std::size_t i = 0; i < frame.candidates.size(); ++i) {
    if (frame.in_cycle[i]) {
      any_cycle = true;
    } else if (m_graph.job(frame.candidates[i]).state == State::ok) {
      viable.push_back(frame.candidates[i]);
    }
  }
  std::vector<std::uint32_t> candidates = std::move(frame.candidates);
  m_stack.pop_back();
  if (!viable.empty()) return choose_producer(file, viable);
  m_graph.file(file).set_candidates(std::move(candidates));  // to explain the failure
  // Spec §2: an existing file that no rule can make is a source file.
  BuildFile* f = &m_graph.file(file);
  if (!f->stat && m_graph.listed(file)) {
    f->state = State::ok;
    f->is_source = true;
    return ok_result();
  }
  if (!m_graph.stat_once(file)) {
    f->state = State::failed;
    return ok_result();
  }
  f = &m_graph.file(file);
  if (f->stat->exists) {
    f->state = State::ok;
    f->is_source = true;
    return ok_result();
  }
  f->state = State::failed;
  f->failure = f->candidates().empty()                    ? FailureKind::missing
               : any_cycle && f->candidates().size() == 1 ? FailureKind::cycle
                                                          : FailureKind::no_candidate;
  return ok_result();
}

Result<void> Resolver::choose_producer(std::uint32_t file,
                                       const std::vector<std::uint32_t>& viable) {
  const rules::RuleSet& rules = m_graph.rules();
  std::uint32_t best = viable.front();
  for (std::uint32_t candidate : viable) {
    if (rules.compare_priority(m_graph.job(candidate).rule, m_graph.job(best).rule) > 0)
      best = candidate;
  }
  for (std::uint32_t candidate : viable) {
    if (candidate == best) continue;
    if (rules.compare_priority(m_graph.job(best).rule, m_graph.job(candidate).rule) > 0) continue;
    const auto& a = rules.rule(m_graph.job(best).rule);
    const auto& b = rules.rule(m_graph.job(candidate).rule);
    Error error = make_error(
        ErrorKind::workflow,
        fmt::format("ambiguous rules for '{}': '{}' and '{}' can both make it", m_graph.path(file),
                    std::min(a.name, b.name), std::max(a.name, b.name)));
    error.notes.push_back(
        fmt::format("choose with ruleorder, e.g. ruleorder: [\"{} > {}\"]", a.name, b.name));
    return error;
  }
  BuildFile& f = m_graph.file(file);
  f.state = State::ok;
  f.producer = best;
  return ok_result();
}

void Resolver::step_job(Frame& frame) {
  std::uint32_t job = frame.id;
  if (m_graph.job(job).state == State::unknown) m_graph.job(job).state = State::in_progress;
  while (frame.next < m_graph.job(job).inputs.size()) {
    std::uint32_t input = m_graph.job(job).inputs[frame.next].file.value;
    State state = m_graph.file(input).state;
    if (state == State::unknown) {
      push(true, input);  // invalidates `frame`
      return;
    }
    if (state == State::in_progress || state == State::failed) {
      BuildJob& j = m_graph.job(job);
      j.state = State::failed;
      j.failed_input = input;
      if (state == State::in_progress) {
        j.failure = FailureKind::cycle;
        // The cycle runs from the job that is making `input` up to this job.
        std::size_t from = m_file_depth[input] + 1;
        j.why.make().detail = cycle_text(from);
      } else {
        j.failure = FailureKind::input_failed;
      }
      m_stack.pop_back();
      return;
    }
    ++frame.next;
  }
  m_graph.job(job).state = State::ok;
  m_stack.pop_back();
}

std::string Resolver::cycle_text(std::size_t from) const {
  std::string text;
  std::string first;
  for (std::size_t i = from; i < m_stack.size(); ++i) {
    if (m_stack[i].is_file) continue;
    std::string label = m_graph.label(m_stack[i].id);
    if (first.empty()) first = label;
    text += label + " -> ";
  }
  return text + first;
}

}  // namespace flow::dag
