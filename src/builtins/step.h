#pragma once
// How a built-in step is registered. Each step lives in its own file (fetch.cpp, stem.cpp,
// ...) and exposes one function returning its Step; catalog.cpp holds the list. To add a
// step: write NAME.cpp defining `Step NAME_step()`, declare it in steps.h and add one line to
// the list in catalog.cpp.

#include "builtins/step_log.h"
#include "flow/base/builtin_protocol.h"
#include "flow/base/result.h"

namespace flow::builtins {

/// The entry point of a step. When it is called, run_builtin has already checked the
/// invocation against the step's signature: every declared argument is present (defaults
/// filled in) and has the declared type and an allowed value, no undeclared argument is
/// there, and the numbers of inputs and outputs fit. The step checks value ranges itself.
/// It must write every output through AtomicOutput / write_output (builtins/text/io.h), and
/// may write statistics to `log`.
using StepFunction = Result<void> (*)(const BuiltinInvocation& invocation, StepLog& log);

struct Step {
  BuiltinSignature signature;
  StepFunction run = nullptr;
};

}  // namespace flow::builtins
