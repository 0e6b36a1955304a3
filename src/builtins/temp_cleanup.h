#pragma once
// Removing the temporary files of unfinished outputs when a step is interrupted. The runner
// stops a job with SIGTERM or SIGINT (spec §3); without this, every killed step would leave
// a `.NAME.flow-tmp.PID.N` file beside its output.

namespace flow::builtins {

/// Installs handlers for SIGINT, SIGTERM and SIGHUP that remove the registered temporary
/// files and then die of the same signal (so the parent sees the real cause). Called once by
/// builtin_main; without it, registering does nothing harmful.
void install_temp_cleanup();

/// Registers a temporary file to remove on a fatal signal. Returns a slot number for
/// unregister_temp_file, or -1 when all slots are taken (the file is then not covered).
int register_temp_file(const char* path);

/// Forgets slot `slot` (-1 is ignored): the file was committed or removed.
void unregister_temp_file(int slot);

}  // namespace flow::builtins
