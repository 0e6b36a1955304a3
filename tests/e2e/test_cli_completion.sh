#!/usr/bin/env bash
# Shell completion: `flow --completion bash|zsh|fish` completes options, option values, and the
# rule names and target files of the workflow in the current directory, run in the real shells.
source "$(dirname "$0")/lib.sh"
start_test cli-completion

mkdir bin
ln -s "$FLOW" bin/flow
export PATH="$work/bin:$PATH"

write_flow <<'EOF2'
config:
  books: [alpha, beta]
rules:
  all:
    input:
      - expand: "counts/{book}.txt"
        book: config.books
  count:
    input: "books/{book}.txt"
    output: "counts/{book}.txt"
    shell: "wc -l < {input} > {output}"
  cleanup:
    shell: "true"
EOF2
mkdir books
touch books/alpha.txt books/beta.txt
mkdir -p other/sub
cat > other/flow.yaml <<'EOF2'
rules:
  elsewhere: {output: elsewhere.txt, shell: "touch {output}"}
EOF2

# The hidden word list: rules that can be targets, then the files the DAG makes.
run_flow 0 --completion-words
expect_out_is "all
cleanup
counts/alpha.txt
counts/beta.txt"
run_flow 0 -d other --completion-words
expect_out_is "elsewhere
elsewhere.txt"
printf 'rules: [\n' > broken.yaml
run_flow 0 -s broken.yaml --completion-words
expect_out_is ""
[[ -z "$err" ]] || fail "completion words printed an error"

# bash: `complete -p` shows the function; COMPREPLY for options, values and targets.
run_flow 0 --completion bash
printf '%s\n' "$out" > flow.bash
bash_complete() {  # bash_complete WORD...: the completions of the last word
  bash -c 'source flow.bash; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _flow; printf "%s\n" "${COMPREPLY[@]}"' _ "$@"
}
[[ $(bash -c 'source flow.bash; complete -p flow') == "complete -o default -F _flow flow" ]] ||
  fail "bash: complete -p flow"
[[ $(bash_complete flow --dry) == $'--dry-run\n--dryrun' ]] || fail "bash: --dry: $(bash_complete flow --dry)"
[[ $(bash_complete flow --list) == $'--list\n--list-rules\n--list-builtins' ]] ||
  fail "bash: --list: $(bash_complete flow --list)"
[[ $(bash_complete flow --executor "") == $'local\npbs\nslurm\nsge' ]] || fail "bash: --executor values"
[[ $(bash_complete flow -q "") == $'progress\nrules\nall' ]] || fail "bash: -q values"
[[ $(bash_complete flow c) == $'cleanup\ncounts/alpha.txt\ncounts/beta.txt' ]] ||
  fail "bash: targets: $(bash_complete flow c)"
[[ $(bash_complete flow -R counts/a) == "counts/alpha.txt" ]] || fail "bash: -R target"
[[ $(bash_complete flow -d other "") == $'elsewhere\nelsewhere.txt' ]] ||
  fail "bash: -d other: $(bash_complete flow -d other "")"
[[ $(bash_complete flow -s oth) == "other" ]] || fail "bash: -s completes files: $(bash_complete flow -s oth)"
[[ $(bash_complete flow --directory oth) == "other" ]] || fail "bash: --directory completes directories"
[[ -z $(bash_complete flow --retries "") ]] || fail "bash: --retries takes a number"
# compgen sees the same word list.
[[ $(bash -c 'source flow.bash; compgen -W "$_flow_options" -- --nol') == "--nolock" ]] ||
  fail "bash: compgen on the options"

# zsh: a real interactive shell on a pseudo-terminal.
if command -v zsh >/dev/null; then
  zsh_complete() { zsh -f "$FLOW_SOURCE_DIR/tests/e2e/zsh_complete.zsh" "$work/zsh.out" "$1" || fail "zsh did not finish completing '$1'"; sort -u "$work/zsh.out"; }
  [[ $(zsh_complete "flow --dry") == $'--dry-run\n--dryrun' ]] || fail "zsh: --dry: $(zsh_complete "flow --dry")"
  [[ $(zsh_complete "flow c") == $'cleanup\ncounts/alpha.txt\ncounts/beta.txt' ]] ||
    fail "zsh: targets: $(zsh_complete "flow c")"
  [[ $(zsh_complete "flow --executor ") == $'local\npbs\nsge\nslurm' ]] ||
    fail "zsh: --executor values: $(zsh_complete "flow --executor ")"
  [[ $(zsh_complete "flow -d other e") == $'elsewhere\nelsewhere.txt' ]] ||
    fail "zsh: -d other: $(zsh_complete "flow -d other e")"
else
  echo "zsh is not installed: its completion is not checked"
fi

# fish: `complete -C` asks fish's completion for a command line.
if command -v fish >/dev/null; then
  run_flow 0 --completion fish
  printf '%s\n' "$out" > flow.fish
  fish_complete() { fish --no-config -c "source flow.fish; complete -C '$1'" | cut -f1 | sort; }
  [[ $(fish_complete "flow --dry") == $'--dry-run\n--dryrun' ]] || fail "fish: --dry: $(fish_complete "flow --dry")"
  [[ $(fish_complete "flow c") == $'cleanup\ncounts/alpha.txt\ncounts/beta.txt' ]] ||
    fail "fish: targets: $(fish_complete "flow c")"
  [[ $(fish_complete "flow --executor ") == $'local\npbs\nsge\nslurm' ]] || fail "fish: --executor values"
  [[ $(fish_complete "flow -d other e") == $'elsewhere\nelsewhere.txt' ]] ||
    fail "fish: -d other: $(fish_complete "flow -d other e")"
else
  echo "fish is not installed: its completion is not checked"
fi

run_flow 2 --completion tcsh
expect_err "--completion"
echo "ok"
