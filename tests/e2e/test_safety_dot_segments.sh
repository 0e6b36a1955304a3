#!/usr/bin/env bash
# Issue 14 item 4 (data loss): `flow -f out/..` matched `out/{x}.txt`-like patterns with a
# wildcard value of `..`, and the job's "stale output" was the working directory, removed
# recursively; a file output that was an existing directory was removed as a tree too.
# Now a target with a '.' or '..' segment is a usage error, a wildcard value never leaves
# its place, and a directory in a file's place is refused with nothing touched.
source "$(dirname "$0")/lib.sh"
start_test safety-dot-segments

write_flow <<'EOF2'
rules:
  all: {input: out/a.txt}
  a: {output: "out/{x}", shell: "echo {wildcards.x} > {output}"}
  d: {output: res/d.txt, shell: "echo d > {output}"}
  dd: {output: {path: res/dir, directory: true}, shell: "mkdir -p {output}; echo new > {output}/f"}
EOF2
mkdir -p out res/d.txt res/dir
echo keep >res/d.txt/inner
echo old >res/dir/old
echo mine >out/mine
echo notes >notes.txt

for target in out/.. out/./a.txt out/../notes.txt; do
  run_flow 2 -f "$target"
  segment=..
  [[ "$target" == */./* ]] && segment=.
  expect_err_is "flow: error: target '$target': flow does not resolve '$segment' inside a path
  name the file itself, as a rule's output names it"
done
expect_file flow.yaml
expect_file notes.txt notes
expect_file out/mine mine

# A wildcard value never holds a '..' segment, even for an input reached through a rule:
# 'out/../notes.txt' is not 'out/{name}' with name '../notes.txt', so notes.txt is a source.
write_flow <<'EOF2'
rules:
  all: {input: "out/../notes.txt", output: all.txt, shell: "cat {input} > {output}"}
  a: {output: "out/{name}", shell: "echo made > {output}"}
EOF2
run_flow 0 all
expect_file all.txt notes
expect_file notes.txt notes

# A directory where a rule declares a file: refused, the directory kept whole.
write_flow <<'EOF2'
rules:
  d: {output: res/d.txt, shell: "echo d > {output}"}
  dd: {output: {path: res/dir, directory: true}, shell: "mkdir -p {output}; echo new > {output}/f"}
EOF2
run_flow 1 -f res/d.txt
expect_out "FAILED: d (job 0), output 'res/d.txt' is a directory, but the rule declares a file; flow leaves the directory alone: remove it by hand, or declare the output \`directory: true\`"
expect_file res/d.txt/inner keep

# A declared directory output is still remade from scratch.
run_flow 0 -f res/dir
expect_file res/dir/f new
expect_no_file res/dir/old

# Issue 9 semantics 6: a directory output that is a symlink to a directory counts as made (as
# in Snakemake's test_directory); remaking or deleting it removes the link, never what it
# points to, and a link inside a directory output is not followed either.
mkdir -p ../outside-"$$" && echo precious >../outside-"$$"/keep.txt
outside=$(cd ../outside-"$$" && pwd)
mkdir linked && cd linked
write_flow <<'EOF2'
rules:
  all: {input: listing.txt}
  mk: {output: {path: d, directory: true}, shell: "mkdir -p {output}; touch {output}/a.txt"}
  use: {input: d, output: listing.txt, shell: "ls {input} > {output}"}
EOF2
ln -s "$outside" d
run_flow 0 -n
expect_out "reason: missing output listing.txt"
expect_no_out "rule mk:"
run_flow 0 -F -c 1
[[ -d d && ! -L d ]] || fail "d was not remade as a directory"
expect_file listing.txt "a.txt"
ln -s "$outside" d/link
run_flow 0 --delete-all-output
expect_no_file d
[[ "$(cat "$outside/keep.txt")" == precious ]] || fail "the directory outside was touched: $(ls -la "$outside")"
ln -s "$outside" d
run_flow 0 --delete-all-output
[[ ! -e d && ! -L d ]] || fail "the link d was not removed"
[[ "$(cat "$outside/keep.txt")" == precious ]] || fail "the linked directory was followed"
cd .. && rm -rf "$outside"

# A sibling whose name starts with a directory output's name is not inside it.
mkdir sibling && cd sibling
write_flow <<'EOF2'
rules:
  all: {input: [res, res-child.txt]}
  mk: {output: {path: res, directory: true}, shell: "mkdir -p {output}"}
  ch: {output: res-child.txt, shell: "touch {output}"}
EOF2
run_flow 0 -c 1
expect_out "3 jobs done"
cd ..
