#pragma once
// Fills a job's templates in: shell commands, params, built-in arguments, messages.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "flow/base/builtin_protocol.h"
#include "flow/dag/dag.h"
#include "flow/pattern/template.h"

namespace flow::dag {

struct RenderValues {
  int threads = 1;          ///< {threads}: the rule's threads, or min(threads, cores) when running
  std::uint32_t jobid = 0;  ///< {jobid}
  int attempt = 1;          ///< {attempt}, from 1
  /// {resources.NAME} of this try when the job's are known (auto sizes); null: the rule's.
  const std::map<std::string, std::string>* resources = nullptr;
};

enum class Quoting {
  shell,  ///< paths are shell-quoted when they need it (spec §1)
  none,   ///< values inserted as they are (params, built-in arguments, messages)
};

/// Renders `tmpl`, one of the templates of `job`'s rule.
std::string render(const Dag& dag, JobId job, const pattern::Template& tmpl,
                   const RenderValues& values, Quoting quoting);

/// The job's params, rendered, in rule order.
std::vector<std::pair<std::string, std::string>> render_params(const Dag& dag, JobId job,
                                                               const RenderValues& values);

/// What the built-in step of `job` receives (files with their item names, arguments).
BuiltinInvocation builtin_invocation(const Dag& dag, JobId job, const RenderValues& values);

/// The job's identity for rerun triggers (spec §2 item 6): hashes of the step as written,
/// of the rendered params and built-in arguments, and of the input list. Uses the rule's own
/// threads, so that `-c` never changes them.
struct Fingerprint {
  std::uint64_t code = 0;
  std::uint64_t params = 0;
  std::uint64_t inputs = 0;
};
Fingerprint fingerprint(const Dag& dag, JobId job);

}  // namespace flow::dag
