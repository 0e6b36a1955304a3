#pragma once
// How a job's shell gets the `module` command (Environment Modules, Lmod): shared by cluster
// job scripts and local jobs run with --use-envmodules.

#include <string_view>

namespace flow::exec {

/// Bash text that defines `module` when it is not already a command: sources the first
/// readable init script of $MODULESHOME/init/bash, /usr/share/modules/init/bash (Debian's
/// Environment Modules), /usr/share/Modules/init/bash (Red Hat's), /usr/share/lmod/lmod/init/bash
/// (Lmod), /etc/profile.d/lmod.sh, /etc/profile.d/modules.sh. Ends with a newline.
std::string_view module_init_text();

}  // namespace flow::exec
