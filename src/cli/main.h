#pragma once

namespace flow::cli {

/// The whole program: parses argv, wires the real parts, runs the command, maps the
/// outcome to the exit status (spec §3). Never throws.
int main(int argc, char** argv);

}  // namespace flow::cli
