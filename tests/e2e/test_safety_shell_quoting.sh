#!/usr/bin/env bash
# Issue 9 faults 3 (security): `{wildcards.NAME}` went into shell commands raw, so a file
# named `in/a$(touch PWNED).txt` ran `touch PWNED`. Wildcard values are now quoted where
# needed, like paths; `{wildcards.NAME:raw}` opts out and `{params.NAME:q}` quotes a param.
source "$(dirname "$0")/lib.sh"
start_test safety-shell-quoting

mkdir in
names=('a$(touch PWNED).txt' 'b;touch PWNED2.txt' 'c`touch PWNED3`.txt' "d'quote\".txt"
       '-e leading dash.txt' 'f&& touch PWNED4 ||.txt' 'g|tee PWNED5.txt' 'h>PWNED6.txt'
       'i*?[x].txt' 'j $HOME ~.txt' $'k\ttab.txt' 'l\\backslash.txt' 'plain.txt')
for name in "${names[@]}"; do printf '%s\n' "$name" >"in/$name"; done
write_flow <<'EOF2'
rules:
  all:
    input: out/plain.txt
  copy:
    input: "in/{name}"
    output: "out/{name}"
    shell: "cp {input} {output} && printf '%s\n' {wildcards.name} >> names.log"
EOF2
targets=()
for name in "${names[@]}"; do targets+=("out/$name"); done
run_flow 0 -c 2 "${targets[@]}"
for pwned in PWNED PWNED2 PWNED3 PWNED4 PWNED5 PWNED6 in/PWNED6.txt; do
  expect_no_file "$pwned"
done
sort names.log >got.txt
printf '%s\n' "${names[@]}" | sort >want.txt
diff want.txt got.txt >/dev/null || fail "names.log differs: $(diff want.txt got.txt)"
for name in "${names[@]}"; do
  [[ "$(cat "out/$name")" == "$name" ]] || fail "out/$name does not hold its name"
done

# An ordinary value reads the same: no quotes where none are needed.
run_flow 0 -n -p -f out/plain.txt -F
expect_out "shell: cp in/plain.txt out/plain.txt && printf '%s"
expect_out "' plain.txt >> names.log"

# :raw opts out (the user's own quoting), :q quotes a param as one word.
write_flow <<'EOF2'
rules:
  copy:
    input: "in/{name}"
    output: "raw/{name}"
    params: {label: "name {wildcards.name}"}
    shell: "printf '%s|' \"{wildcards.name:raw}\" {params.label:q} > {output}"
EOF2
run_flow 0 "raw/j \$HOME ~.txt"
expect_file "raw/j \$HOME ~.txt" "j $HOME ~.txt|name j \$HOME ~.txt|"
