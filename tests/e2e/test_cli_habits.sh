#!/usr/bin/env bash
# Snakemake habits on the command line: -j as cores, --dryrun, --list-rules, -r, --ri,
# --show-failed-logs, --nolock, --delete-temp-output, --cleanup-metadata, --quiet WHAT,
# aliases, and a tailored message for Snakemake options and rule keys flow does not have.
source "$(dirname "$0")/lib.sh"
start_test cli-habits

write_flow <<'EOF2'
config:
  books: [a, b]
rules:
  all:
    input:
      - expand: "counts/{book}.txt"
        book: config.books
  words:
    input: "books/{book}.txt"
    output: {path: "words/{book}.txt", temp: true}
    log: "logs/words/{book}.log"
    shell: "tr -s ' ' '\\n' < {input} > {output} 2> {log}"
  count:
    input: "words/{book}.txt"
    output: "counts/{book}.txt"
    log: "logs/count/{book}.log"
    threads: 4
    shell: "wc -l < {input} > {output} 2> {log}"
EOF2
mkdir books
echo "the cat sat" > books/a.txt
echo "a b a" > books/b.txt

# -j N without a cluster executor is the number of cores (threads: 4 becomes 2); -c wins
# over it; -j unlimited sets no limit; under a cluster executor -j is jobs in flight only.
run_flow 0 -n -j 2
expect_out "    threads: 2"
run_flow 0 -n -j 2 -c 3
expect_out "    threads: 3"
run_flow 0 -n -j unlimited
expect_out "    threads: 4"
run_flow 0 -n -j 2 --executor pbs
expect_out "    threads: 1"
run_flow 2 -n -j 0
expect_err_is "flow: error: --jobs must be a positive number, 'all' or 'unlimited', not '0'"

# --dryrun, -r/--reason and --ri are accepted and change nothing; --list-rules is --list.
run_flow 0 -n
dry=$out
for spelling in --dryrun "-n -r" "-n --reason" "-n --ri" "-n --rerun-incomplete"; do
  # shellcheck disable=SC2086
  run_flow 0 $spelling
  [[ "$out" == "$dry" ]] || fail "flow $spelling differs from flow -n"
done
run_flow 0 --list
list=$out
run_flow 0 --list-rules
[[ "$out" == "$list" ]] || fail "--list-rules differs from --list"

# --quiet progress: no progress lines; --quiet rules: no commands (-p) or messages;
# -q alone (or --quiet all): only the closing line.
run_flow 0 -F -p --quiet progress
expect_no_out "[1/"
expect_out "count book=a (job 1): wc -l < words/a.txt > counts/a.txt 2> logs/count/a.log"
expect_out "flow: 5 jobs done in"
run_flow 0 -F -p --quiet rules
expect_out "[1/5 20%] words book=a"
expect_no_out "(job 1): wc -l"
run_flow 0 -F -p -q
expect_out_re "^flow: 5 jobs done in [0-9.]+s\.$"
[[ $(wc -l <<<"$out") == 1 ]] || fail "-q printed more than the closing line"
run_flow 0 -F -p --quiet progress rules
expect_out_re "^flow: 5 jobs done in [0-9.]+s\.$"
[[ $(wc -l <<<"$out") == 1 ]] || fail "--quiet progress rules printed more than the closing line"
run_flow 0 -n -F --quiet rules
expect_no_out "rule words:"
expect_out "Job counts:"
run_flow 2 -n --quiet=host
expect_err_is "flow: error: --quiet takes progress, rules or all, not 'host'"

# -j 2 runs two jobs at once: each of these waits until the other has started.
mkdir -p pair && cd pair
write_flow <<'EOF2'
rules:
  all: {input: [a.done, b.done]}
  wait:
    output: "{x}.done"
    shell: "touch {wildcards.x}.started; for i in $(seq 400); do [ -e a.started ] && [ -e b.started ] && break; sleep 0.05; done; [ -e a.started ] && [ -e b.started ] && touch {output}"
EOF2
run_flow 0 -j 2
expect_file a.done
expect_file b.done
cd ..

# --delete-temp-output removes only temp outputs (-n lists them).
run_flow 0 --notemp -F
expect_file words/a.txt
run_flow 0 --delete-temp-output -n
expect_out_is "would remove words/a.txt
would remove words/b.txt
flow: 2 files would be deleted (dry run)."
expect_file words/a.txt
run_flow 0 --delete-temp-output
expect_out_is "removed words/a.txt
removed words/b.txt
flow: deleted 2 files."
expect_no_file words/a.txt
expect_file counts/a.txt
run_flow 0 --delete-all-output -n
expect_out "would remove counts/a.txt"
expect_out "flow: 6 files would be deleted (dry run)."
expect_file counts/a.txt

# --cleanup-metadata FILE...: flow forgets what made the file, so a changed command no
# longer reruns its job (it is then like a file made by hand).
sed -i 's/wc -l < {input}/wc -l  < {input}/' flow.yaml
run_flow 0 -n
expect_out "reason: code changed"
run_flow 0 --cleanup-metadata counts/a.txt ./counts/b.txt nothing.txt
expect_out_is "forgot counts/a.txt (made by rule count)
forgot counts/b.txt (made by rule count)
no record of nothing.txt
flow: forgot the records of 2 of 3 files."
run_flow 0 -n
expect_out "flow: nothing to be done."
run_flow 0 --cm counts/a.txt
expect_out "no record of counts/a.txt"

# --nolock runs beside a flow that holds the lock (one waiting in a job of its own).
mkdir -p holder && cd holder
write_flow <<'EOF2'
rules:
  slow: {output: x.txt, shell: "touch started; while [ ! -e go ]; do sleep 0.05; done; touch {output}"}
EOF2
"$FLOW" > first.out 2>&1 &
first=$!
wait_for_file started
sed -i 's/slow:/other: {output: y.txt, shell: "touch {output}"}\n  slow:/' flow.yaml
run_flow 1 y.txt
expect_err "another flow (pid $first on $(uname -n)) is running in this directory"
run_flow 0 y.txt --nolock
expect_out "flow: 1 job done in"
expect_file .flow/lock "$first $(uname -n)"
touch go
wait $first || fail "the first flow failed: $(cat first.out)"
cd ..

# --show-failed-logs prints the whole log; without it, the last 15 lines.
mkdir -p failing && cd failing
write_flow <<'EOF2'
rules:
  noisy:
    output: out.txt
    log: noisy.log
    shell: "for i in $(seq 20); do echo line $i; done > {log}; exit 3"
EOF2
run_flow 1
expect_out "  last lines of noisy.log:"
expect_out "line 20"
expect_no_out "line 5"
run_flow 1 --show-failed-logs
expect_out "    noisy.log:"
expect_out $'      line 1\n      line 2\n'
expect_out "line 20"
cd ..

# Aliases Snakemake users type: -C (--config), --configfiles, --nt, -w/--output-wait,
# --restart-times, -S (--summary), -e (--executor), -v (--version).
run_flow 0 -n -F -C books=[a]
expect_out_re "^    total +3$"
echo "books: [b]" > more.yaml
run_flow 0 -n -F --configfiles more.yaml
expect_out "counts/b.txt"
expect_no_out "counts/a.txt"
run_flow 0 -n --nt -w 1 --restart-times 1 -e local
run_flow 0 -n --output-wait 2
run_flow 0 -S
expect_out $'counts/a.txt\t'
run_flow 0 -v
expect_out_re "^flow [0-9]+\.[0-9]+\.[0-9]+$"

# Snakemake options flow does not have: what to use instead (exit 2, nothing run).
run_flow 2 --use-conda
expect_err_is "flow: error: --use-conda: flow does not create or activate conda environments
  activate the environment before running flow (conda activate ENV && flow ...), or load tools with a rule's \`envmodules:\` in cluster jobs"
run_flow 2 --cluster "qsub -l nodes=1" -j 10
expect_err_is "flow: error: --cluster: flow submits cluster jobs itself
  use --executor pbs, slurm or sge (docs/cluster.md)"
run_flow 2 --snakefile Snakefile
expect_err_is "flow: error: --snakefile: flow reads YAML workflow files, not Snakefiles
  use -s/--flowfile FILE (docs/from-snakemake.md shows how rules translate)"
run_flow 2 --max-jobs-per-second=5
expect_err_is "flow: error: --max-jobs-per-second: flow names this --max-submit-rate
  use --max-submit-rate N (submissions per second)"
run_flow 2 -D
expect_err_is "flow: error: -D: flow has one summary
  use --summary (each output's date, rule, status and plan)"
# A typo gets the closest option; anything else the pointer to --help.
run_flow 2 --dryrn
expect_err_is "flow: error: unknown option '--dryrn'
  did you mean '--dryrun'?"
run_flow 2 --frobnicate-everything
expect_err_is "flow: error: unknown option '--frobnicate-everything'
  \`flow --help\` lists the options"
expect_no_file .flow/lock

# Snakemake rule keys and directives flow does not have.
mkdir -p keys && cd keys
write_flow <<'EOF2'
rules:
  plot:
    input: a.tsv
    output: a.svg
    notebook: notebooks/plot.py.ipynb
EOF2
run_flow 2 -n
expect_err_is "flow: error: flow.yaml:5:5: rule 'plot': unknown key 'notebook': flow does not run notebooks
        notebook: notebooks/plot.py.ipynb
        ^
  run it from \`shell:\` (jupyter nbconvert --to notebook --execute ...)"
write_flow <<'EOF2'
rules:
  trim:
    input: a.fq
    output: a.trimmed.fq
    conda: envs/cutadapt.yaml
    wrapper: "v3.0.0/bio/cutadapt/se"
EOF2
run_flow 2 -n
expect_err_is "flow: error: flow.yaml:5:5: rule 'trim': unknown key 'conda': flow does not create or activate conda environments
        conda: envs/cutadapt.yaml
        ^
  activate the environment before running flow, or load tools with \`envmodules:\` in cluster jobs
flow: error: flow.yaml:6:5: rule 'trim': unknown key 'wrapper': flow has no Snakemake wrappers
        wrapper: \"v3.0.0/bio/cutadapt/se\"
        ^
  write the tool's own command in \`shell:\` (the wrapper's source shows the command it runs)"
write_flow <<'EOF2'
workdir: /scratch/me
onsuccess: "echo done"
rules:
  all: {}
EOF2
run_flow 2 -n
expect_err_is "flow: error: flow.yaml:1:1: unknown top-level key 'workdir': flow has no \`workdir:\`
    workdir: /scratch/me
    ^
  run flow with -d DIR
flow: error: flow.yaml:2:1: unknown top-level key 'onsuccess': flow has no event handlers
    onsuccess: \"echo done\"
    ^
  run the command after flow in your shell (flow && notify-send done)"
cd ..

# Issue 14 (smaller items): values that used to run the workflow or let more jobs run are refused.
mkdir bad-values && cd bad-values
write_flow <<'EOF2'
rules:
  a:
    output: x
    resources:
      mem_mb: -5
    shell: "touch {output}"
EOF2
run_flow 2 -n
expect_err_is "flow: error: flow.yaml:5:15: rule 'a': resource 'mem_mb' must not be negative, not -5
          mem_mb: -5
                  ^"
# Issue 9 faults 4: a placeholder in a resource would reach qsub and the command as written.
sed -i 's/-5/"{wildcards.n}"/' flow.yaml
run_flow 2 -n
expect_err_is "flow: error: flow.yaml:5:16: rule 'a': resource 'mem_mb': placeholders such as '{wildcards.n}' are not filled in in resources
          mem_mb: \"{wildcards.n}\"
                   ^
  write a number, a plain text ('{config.KEY}' is filled in) or a formula over {attempt} such as \"2000 * {attempt}\""
# Spec §9's `auto` is for what the job history measures (e2e.run_auto_resources); another
# resource is refused with its place, never passed on as a size.
sed -i 's/mem_mb: "{wildcards.n}"/disk_mb: auto/' flow.yaml
run_flow 2 -n
expect_err_is "flow: error: flow.yaml:5:16: rule 'a': resource 'disk_mb' cannot be auto: only mem_mb and runtime (or walltime) are sized from the job history
          disk_mb: auto
                   ^
  write a number or a text for it"
sed -i 's/disk_mb: auto/mem_mb: "{wildcards.n}"/' flow.yaml
# Spec §9: {attempt} makes a formula; the caret points at what is wrong in it.
sed -i 's/"{wildcards.n}"/"{attempt}000"/' flow.yaml
run_flow 2 -n
expect_err_is "flow: error: flow.yaml:5:25: rule 'a': resource 'mem_mb': expected an operator (+ - *) here, not '0'
          mem_mb: \"{attempt}000\"
                            ^
  a resource formula uses whole numbers, {attempt} (1 for the first try), + - * and parentheses, such as \"2000 * {attempt}\""
sed -i 's/"{attempt}000"/"1000 - 2000 * {attempt}"/' flow.yaml
run_flow 2 -n
expect_err_is "flow: error: flow.yaml:5:15: rule 'a': resource 'mem_mb' must not be negative, but \"1000 - 2000 * {attempt}\" gives -1000 for the first try
          mem_mb: \"1000 - 2000 * {attempt}\"
                  ^"
sed -i 's/"1000 - 2000 \* {attempt}"/"{config.mem}"/' flow.yaml
run_flow 0 -n --config mem=5
sed -i 's/"{config.mem}"/5/' flow.yaml
run_flow 2 --report ""
expect_err_is "flow: error: --report needs a file name"
expect_no_file x
for wait in inf nan -1; do
  run_flow 2 --latency-wait "$wait" -n
  expect_err_is "flow: error: --latency-wait takes a number of seconds (0 or more, finite)"
done
cd ..

# Issue 13 item 5: profiles. Keys are long option names; a bad key or value is reported at
# its place in the profile, and a value is never taken for a target.
mkdir profiles && cd profiles
write_flow <<'EOF2'
rules:
  a:
    output: x
    shell: "touch {output}"
EOF2
mkdir prof
printf 'printshellcmds: true\nkeep-going: false\nconfig: [n=1, m=2]\n' >prof/config.yaml
run_flow 0 --profile prof -n
expect_out "shell: touch x"
# The command line wins over the profile, also for an option given once only.
printf 'jobs: 20\ncores: 2\n' >prof/config.yaml
run_flow 0 --profile prof -j 1 -n
run_flow 0 --profile prof --cores=1 -n
printf 'cores: 2\nkeep_going: true\n' >prof/config.yaml
run_flow 2 --profile prof -n
expect_err_is "flow: error: prof/config.yaml:2:1: profile key 'keep_going' is not an option of flow
  did you mean 'keep-going'?"
printf 'cores: two\n' >prof/config.yaml
run_flow 2 --profile prof -n
expect_err_is "flow: error: prof/config.yaml:1:8: profile option 'cores': --cores must be a positive number or 'all', not 'two'"
# Issue 12 item 6: a Snakemake 8 profile: resource options as mappings or lists, the keys
# flow lacks named with file and line and skipped, and the same options on the command line.
cat >Snakefile.yaml <<'EOF2'
rules:
  align:
    output: al
    resources: {mem_mb: 500}
    shell: "echo mem={resources.mem_mb} t={threads} rt={resources.runtime} > {output}"
  count:
    output: co
    shell: "echo mem={resources.mem_mb} t={threads} > {output}"
EOF2
cat >prof/config.yaml <<'EOF2'
executor: local
printshellcmds: true
use-conda: true
default-resources: {mem_mb: 1000, runtime: 1h30m}
set-resources:
  align: {mem_mb: 8000}
set-threads: {align: 3}
slurm-logdir: /tmp/x
EOF2
run_flow 0 -s Snakefile.yaml --profile prof -c 4 -n al co
expect_out "echo mem=8000 t=3 rt=1h30m > al"
expect_out "echo mem=1000 t=1 > co"
expect_err "prof/config.yaml:3:1: warning: profile key 'use-conda' is ignored"
expect_err "prof/config.yaml:8:1: warning: profile key 'slurm-logdir' is ignored"
printf 'default-resources: [mem_mb=1200, runtime=10]\n' >prof/config.yaml
run_flow 0 -s Snakefile.yaml --profile prof -p -n co
expect_out "echo mem=1200 t=1 > co"
run_flow 0 -s Snakefile.yaml --profile prof -p -n --default-resources mem_mb=64 runtime=5 --set-threads count=2 -c 2 co
expect_out "echo mem=64 t=2 > co"
run_flow 2 -s Snakefile.yaml -n --set-resources algn:mem_mb=1 co
expect_err_is "flow: error: --set-resources 'algn:mem_mb=1': there is no rule 'algn'
  did you mean 'align'?"
printf 'set-resources: {align: 5}\n' >prof/config.yaml
run_flow 2 -s Snakefile.yaml --profile prof -n co
expect_err_is "flow: error: prof/config.yaml:1:24: profile option 'set-resources': rule 'align' needs a mapping of resources (mem_mb: 8000)"
for workflow in ner pea-soup stemming; do
  for profile in pbs slurm sge; do
    (cd "$FLOW_SOURCE_DIR/workflows/$workflow" && "$FLOW" --profile profiles/$profile -n >/dev/null) ||
      fail "workflows/$workflow/profiles/$profile does not load"
  done
done
cd ..
# Issue 13 item 5: a scheduler command missing from PATH is said once, before any job.
mkdir no-scheduler && cd no-scheduler
write_flow <<'EOF2'
rules:
  all: {input: [a.txt, b.txt]}
  make: {output: "{n}.txt", shell: "touch {output}"}
EOF2
mkdir bin
set +e
err=$(env PATH="$PWD/bin" "$FLOW" --executor slurm -k 2>&1 >/dev/null)
status=$?
set -e
[[ $status == 2 ]] || fail "flow with no scheduler on PATH exited $status: $err"
expect_err_is "flow: error: --executor slurm needs sbatch, squeue and scancel on PATH, and none of them is there; no job was started
  run flow where the scheduler's commands are (a login node), or use --executor local"
expect_no_file a.txt
cd ..
echo "ok"
