#!/usr/bin/env bash
# Every example in examples/ runs as it is: a first run succeeds, a second has nothing to do,
# and its DAG is valid dot. A few examples get a check of the feature they show.
source "$(dirname "$0")/lib.sh"
start_test examples
examples="$FLOW_SOURCE_DIR/examples"

count=0
for source_dir in "$examples"/*/; do
  name=$(basename "$source_dir")
  rm -rf "$name" && cp -r "$source_dir" "$name" && cd "$name"
  run_flow 0 -c 4 --resources mem_mb=600
  run_flow 0 -n
  expect_out "nothing to be done"
  "$FLOW" --dag -F | dot -Tsvg >/dev/null || fail "$name: dot rejects the DAG"
  case $name in
    wildcards) expect_file upper/b.txt "MORE SOUP" ;;
    expand-config) expect_file count/y.2.txt $'y-2\ny-2\ny-2' ;;
    temp-protected)
      expect_no_file sorted.txt
      [[ ! -w result.txt || $(id -u) == 0 ]] || fail "result.txt is not read-only" ;;
    retries-log-benchmark)
      expect_file logs/flaky.log "second try works"
      [[ $(wc -l <bench/flaky.tsv) == 2 ]] || fail "benchmark file: $(cat bench/flaky.tsv)" ;;
    builtins) grep -q "<svg" counts.svg || fail "counts.svg is not SVG" ;;
    ruleorder-constraints) expect_file table/1.tsv $'a\t1\nb\t2' ;;
    include) expect_file greet/world.txt "hello, world!" ;;
    tables-lookups)
      expect_file soup/beta.txt $'beta (bean) in a small pot\ngroup: lane2\nsalt\nwater\nwhite beans' ;;
    checkpoints) expect_file merged/soups.txt $'part_aa 2\npart_ab 2\npart_ac 1' ;;
    glob) expect_file results/summary.tsv $'austen\t16\ndickens\t12\nmelville\t11' ;;
    scripts)
      expect_file report.txt "most common: soup (2)"
      expect_file shout/soup.txt $'THE SOUP IS HOT\nTHE SOUP IS GOOD' ;;
    directory-touch) expect_file parts/part.ab $'3\n4' ;;
    run-python)
      expect_file logs/chopped_vegetables.log "chop: 92 characters from 1 inputs"
      grep -q "^boil: 412 characters into .* words, seed 42$" logs/pea_soup.log ||
        fail "pea_soup.log: $(cat logs/pea_soup.log)"
      # Every character of the ingredients is in the soup.
      [[ $(tr -d ' \n' <pea-soup.txt | wc -m) == $(cat peas.txt water.txt vegetables.txt | tr -d ' \n' | wc -m) ]] ||
        fail "the soup lost characters" ;;
    mpi) expect_file ranks.txt "$(for r in 0 1 2 3; do echo "rank $r of 4 on $(hostname)"; done)" ;;
    shadow)
      expect_file seasoned/pea.txt $'green peas\nmint\nwater\nsalt\npepper'
      expect_file logs/cook-bean.log "cooked bean: 1 lines"
      for junk in pot.tmp steam.log tasting-notes.txt soup/pot.tmp; do expect_no_file "$junk"; done
      [[ -z "$(ls -A .flow/shadow 2>/dev/null)" ]] || fail "a scratch is left in .flow/shadow" ;;
    pipes)
      expect_file counts.tsv $'soup\t5\nthe\t5\nand\t2'
      expect_no_file words.fifo ;;
    envmodules)
      expect_file greeting.txt "no greeter: run MODULEPATH=$PWD/modulefiles flow --use-envmodules -F"
      if [[ -r /usr/share/modules/init/bash ]]; then
        export MODULEPATH=$PWD/modulefiles
        run_flow 0 -F --use-envmodules
        unset MODULEPATH
        expect_file greeting.txt "hello from greeter 1.0, loaded by modules"
        run_flow 0 -n  # leave it up to date for the checks after the case
      fi ;;
    multiext) expect_file report/genome.txt $'alpha\nbeta\ngamma\n3' ;;
    expand-format) expect_file summary/b.----ok.txt $'b part 000\nb part 001\nb part 002' ;;
    resources-priority)
      # The urgent jobs started first: both wrote their time before either routine job.
      [[ $(cat out/urgent-1.txt out/urgent-2.txt | sort -n | tail -1) < \
         $(cat out/routine-1.txt out/routine-2.txt | sort -n | head -1) ]] ||
        fail "routine jobs ran before urgent ones" ;;
  esac
  cd ..
  count=$((count + 1))
done
((count >= 10)) || fail "only $count examples found"
