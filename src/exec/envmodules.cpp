#include "flow/exec/envmodules.h"

namespace flow::exec {

std::string_view module_init_text() {
  // Batch shells and `bash -c` read no profile: `module`, a shell function, is then missing.
  return "if ! command -v module >/dev/null 2>&1; then\n"
         "  for flow_init in ${MODULESHOME:+\"$MODULESHOME/init/bash\"} "
         "/usr/share/modules/init/bash /usr/share/Modules/init/bash "
         "/usr/share/lmod/lmod/init/bash /etc/profile.d/lmod.sh /etc/profile.d/modules.sh; do\n"
         "    if [ -r \"$flow_init\" ]; then . \"$flow_init\"; break; fi\n"
         "  done\n"
         "fi\n";
}

}  // namespace flow::exec
