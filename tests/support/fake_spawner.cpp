#include "support/fake_spawner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>

namespace flow::test {

void FakeSpawner::on_command(const std::string& program, Handler handler) {
  m_commands[program] = std::move(handler);
}

void FakeSpawner::on_command(const std::string& program, Reply reply) {
  m_commands[program] = [reply](const sys::SpawnRequest&) { return reply; };
}

void FakeSpawner::run_for(const std::string& program, Duration duration, int exit_code) {
  m_durations[program] = {duration, exit_code};
}

void FakeSpawner::make_missing(const std::string& program) {
  m_missing.push_back(program);
}

std::vector<std::vector<std::string>> FakeSpawner::calls(const std::string& program) const {
  std::vector<std::vector<std::string>> found;
  for (const auto& request : m_spawned) {
    if (!request.argv.empty() && request.argv.front() == program) found.push_back(request.argv);
  }
  return found;
}

std::vector<sys::ProcessHandle> FakeSpawner::running_handles() const {
  std::vector<sys::ProcessHandle> handles;
  for (const auto& [pid, process] : m_running)
    handles.push_back(sys::ProcessHandle{pid});
  return handles;
}

Result<sys::ProcessHandle> FakeSpawner::spawn(const sys::SpawnRequest& request) {
  if (request.argv.empty()) return make_error(ErrorKind::internal, "spawn: empty argv");
  const std::string& program = request.argv.front();
  if (std::find(m_missing.begin(), m_missing.end(), program) != m_missing.end()) {
    return make_error(ErrorKind::job, "command not found: " + program);
  }
  m_spawned.push_back(request);
  int pid = m_next_pid++;
  if (auto command = m_commands.find(program); command != m_commands.end()) {
    Reply reply = command->second(request);
    sys::ExitInfo info;
    info.process = sys::ProcessHandle{pid};
    info.exit_code = reply.exit_code;
    if (request.output == sys::OutputMode::split) {
      info.output = reply.output;
      info.error_output = reply.error_output;
    } else if (request.output == sys::OutputMode::capture) {
      info.output = reply.output + reply.error_output;
    }
    m_ended.push_back(std::move(info));
    return sys::ProcessHandle{pid};
  }
  Process process{request, std::nullopt, 0, false};
  if (auto timed = m_durations.find(program); timed != m_durations.end() && m_clock) {
    process.ends_at = m_clock->steady_now() + timed->second.first;
    process.exit_code = timed->second.second;
  }
  m_running[pid] = std::move(process);
  return sys::ProcessHandle{pid};
}

void FakeSpawner::end(int pid, sys::ExitInfo info) {
  info.process = sys::ProcessHandle{pid};
  m_running.erase(pid);
  m_ended.push_back(std::move(info));
}

void FakeSpawner::finish(sys::ProcessHandle process, int exit_code, std::string output) {
  if (!m_running.contains(process.pid)) {
    ADD_FAILURE() << "FakeSpawner::finish: process " << process.pid << " is not running";
    return;
  }
  sys::ExitInfo info;
  info.exit_code = exit_code;
  info.output = std::move(output);
  end(process.pid, std::move(info));
}

void FakeSpawner::ignore_term(sys::ProcessHandle process) {
  if (auto it = m_running.find(process.pid); it != m_running.end()) it->second.ignores_term = true;
}

void FakeSpawner::end_due_processes() {
  if (!m_clock) return;
  std::vector<int> due;
  for (const auto& [pid, process] : m_running) {
    if (process.ends_at && *process.ends_at <= m_clock->steady_now()) due.push_back(pid);
  }
  for (int pid : due) {
    sys::ExitInfo info;
    info.exit_code = m_running[pid].exit_code;
    end(pid, std::move(info));
  }
}

std::vector<sys::ExitInfo> FakeSpawner::wait_any(SteadyTime deadline) {
  end_due_processes();
  if (m_ended.empty() && m_clock) {
    // Jump to whatever happens first: a process ending, or the deadline.
    SteadyTime wake = deadline;
    for (const auto& [pid, process] : m_running) {
      if (process.ends_at) wake = std::min(wake, *process.ends_at);
    }
    if (wake == SteadyTime::max()) {
      ADD_FAILURE() << "FakeSpawner::wait_any: waiting forever for nothing";
      return {};
    }
    if (wake > m_clock->steady_now()) m_clock->advance(wake - m_clock->steady_now());
    end_due_processes();
  }
  std::vector<sys::ExitInfo> ended = std::move(m_ended);
  m_ended.clear();
  return ended;
}

sys::ExitInfo FakeSpawner::wait_for(sys::ProcessHandle process) {
  auto is_it = [&](const sys::ExitInfo& info) { return info.process == process; };
  if (auto running = m_running.find(process.pid);
      running != m_running.end() && running->second.ends_at && m_clock) {
    if (*running->second.ends_at > m_clock->steady_now()) {
      m_clock->advance(*running->second.ends_at - m_clock->steady_now());
    }
    end_due_processes();
  }
  auto it = std::find_if(m_ended.begin(), m_ended.end(), is_it);
  if (it == m_ended.end()) {
    ADD_FAILURE() << "FakeSpawner::wait_for: process " << process.pid << " would never end";
    sys::ExitInfo lost;
    lost.process = process;
    lost.exit_code = 127;
    return lost;
  }
  sys::ExitInfo info = std::move(*it);
  m_ended.erase(it);
  return info;
}

void FakeSpawner::signal_group(sys::ProcessHandle process, int signal) {
  m_signals.emplace_back(process.pid, signal);
  auto it = m_running.find(process.pid);
  if (it == m_running.end()) return;
  if (signal == SIGTERM && it->second.ignores_term) return;
  sys::ExitInfo info;
  info.signal = signal;
  end(process.pid, std::move(info));
}

}  // namespace flow::test
