#!/usr/bin/env bash
# Spec §9: a rule's envmodules are loaded for local jobs with --use-envmodules only, with
# Debian's Environment Modules and a modulefile written here that puts a tool on PATH and
# sets a variable; a module that does not load fails the job with a message naming it.
source "$(dirname "$0")/lib.sh"
start_test envs-modules
[[ -r /usr/share/modules/init/bash || -r /usr/share/lmod/lmod/init/bash ]] ||
  skip "needs Environment Modules or Lmod (scripts/setup.sh installs environment-modules)"

mkdir -p modules/greeter tools/bin
cat >tools/bin/greet <<'SH'
#!/bin/sh
echo "hello from greet"
SH
chmod +x tools/bin/greet
cat >modules/greeter/1.0 <<MOD
#%Module1.0
prepend-path PATH $work/tools/bin
setenv GREETER_HOME $work/tools
MOD
export MODULEPATH=$work/modules
unset MODULESHOME LOADEDMODULES _LMFILES_ || true
write_flow <<'YAML'
rules:
  all: {input: out.txt}
  say:
    output: out.txt
    envmodules: [greeter/1.0]
    shell: "echo home=${{GREETER_HOME:-unset}} >{output}; if command -v greet >/dev/null; then greet >>{output}; else echo no greet >>{output}; fi"
  broken:
    output: broken.txt
    envmodules: [nosuch/9]
    shell: "touch {output}"
YAML

# Without the flag the modules are ignored locally, as in Snakemake.
run_flow 0 -c1
expect_file out.txt
grep -qx 'home=unset' out.txt || fail "a module was loaded without --use-envmodules: $(cat out.txt)"
grep -qx 'no greet' out.txt || fail "greet was found without --use-envmodules"

run_flow 0 -c1 -F --use-envmodules
grep -qx "home=$work/tools" out.txt || fail "the module's variable is not set: $(cat out.txt)"
grep -qx 'hello from greet' out.txt || fail "the module's tool is not on PATH: $(cat out.txt)"

run_flow 1 -c1 --use-envmodules broken.txt
expect_out "flow: rule 'broken': module load nosuch/9 failed"
expect_out "exit code 97"
[[ ! -e broken.txt ]] || fail "the command ran although its module did not load"
