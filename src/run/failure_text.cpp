#include "run/failure_text.h"

#include <array>

#include <fmt/format.h>

#include "flow/base/strings.h"
#include "flow/exec/failure_cause.h"
#include "run/runner_impl.h"

namespace flow::run {
namespace {

constexpr std::array<const char*, 3> k_memory_names{"mem_mb", "mem_mb_per_cpu", "mem"};
constexpr std::array<const char*, 2> k_time_names{"runtime", "walltime"};

// "mem_mb=100" for the first of `names` the job asks for; "" when none.
template <std::size_t N>
std::string request_of(const exec::JobSpec& spec, const std::array<const char*, N>& names) {
  for (const char* name : names) {
    auto found = spec.resources.find(name);
    if (found != spec.resources.end()) return fmt::format("{}={}", name, found->second.text);
  }
  return {};
}

}  // namespace

std::string describe_failure(const exec::JobCompletion& completion, const exec::JobSpec& spec) {
  std::string text = describe_exit(completion);
  auto diagnosis = exec::diagnose_failure(completion.exit_code, completion.signal,
                                          completion.output + completion.message);
  if (diagnosis.cause == exec::FailureCause::unknown) return text;
  text += fmt::format("; {}", diagnosis.why);
  std::string request = diagnosis.cause == exec::FailureCause::memory
                            ? request_of(spec, k_memory_names)
                            : request_of(spec, k_time_names);
  if (!request.empty()) text += fmt::format(" (it asked for {})", request);
  return text;
}

std::string grown_requests(const exec::JobSpec& last, const exec::JobSpec& next) {
  std::vector<std::string> grown;
  auto compare = [&](const char* name) {
    auto before = last.resources.find(name);
    auto after = next.resources.find(name);
    if (after == next.resources.end() || !after->second.is_int) return;
    if (before != last.resources.end() && before->second.is_int &&
        after->second.number <= before->second.number)
      return;
    grown.push_back(fmt::format("{}={}", name, after->second.number));
  };
  for (const char* name : k_memory_names)
    compare(name);
  for (const char* name : k_time_names)
    compare(name);
  return join(grown, ", ");
}

}  // namespace flow::run
