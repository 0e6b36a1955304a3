#!/usr/bin/env bash
# Issue 11 item 5's pipe target: a producer feeding a slow consumer through a pipe (spec §8)
# takes about max(producer, consumer), not their sum. Three runs of flow, best of --repeat:
#   pipe:   produce -> reads.fifo (pipe: true) -> consume, started together
#   file:   the same two jobs through a plain file, one after the other (the sum)
#   alone:  the slower side alone (consume, reading a file that is already there)
# Each side is paced by waits (--lines lines, --produce-ms and --consume-ms per line: a `read -t`
# on a private FIFO nobody writes, so no process is started per line), so the figure is about
# scheduling, not CPU, and holds on a busy machine.
#
#   bench/pipe_bench.sh [--lines N] [--produce-ms P] [--consume-ms C] [--repeat R] [--flow PATH]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"

lines=100
produce_ms=25
consume_ms=50
repeat=3
while (($#)); do
  case "$1" in
    --lines) lines="$2"; shift 2 ;;
    --produce-ms) produce_ms="$2"; shift 2 ;;
    --consume-ms) consume_ms="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --flow) FLOW="$2"; shift 2 ;;
    *) die "unknown option $1" ;;
  esac
done
[[ -x "$FLOW" ]] || die "no flow binary at $FLOW (scripts/setup.sh builds it)"
ensure_command /usr/bin/time time
make_workdir pipes
cd "$WORK"

produce_s=$(calc "$produce_ms / 1000")
consume_s=$(calc "$consume_ms / 1000")
# write_flow DIR PIPE: the workflow, the middle file a pipe or not.
write_flow() {
  mkdir -p "$1"
  local middle="reads.txt"
  [[ $2 == pipe ]] && middle="{path: reads.fifo, pipe: true}"
  local input="reads.txt"
  [[ $2 == pipe ]] && input="reads.fifo"
  # pace SECONDS: waits without starting a process (read -t on a FIFO with no writer).
  local pace='p=$(mktemp -u); mkfifo $p; exec 9<>$p; rm $p'
  cat >"$1/flow.yaml" <<YAML
rules:
  all: {input: counts.txt}
  produce:
    output: $middle
    shell: |
      $pace
      for i in \$(seq $lines); do echo line \$i; read -t $produce_s -u 9 || true; done > {output}
  consume:
    input: $input
    output: counts.txt
    shell: |
      $pace
      n=0
      while read -r line; do n=\$((n + 1)); read -t $consume_s -u 9 || true; done < {input}
      echo \$n > {output}
YAML
}
write_flow pipe pipe
write_flow file file
write_flow alone file
seq "$lines" | sed 's/^/line /' >alone/reads.txt

clean_pipe() { rm -rf pipe/counts.txt pipe/.flow; }
clean_file() { rm -rf file/counts.txt file/reads.txt file/.flow; }
clean_alone() { rm -rf alone/counts.txt alone/.flow; touch alone/reads.txt; }

best_of "$repeat" clean_pipe pipe.log "$FLOW" -d pipe -c 2 -q
pipe_wall=$T_WALL
[[ "$(cat pipe/counts.txt)" == "$lines" ]] || die "the pipe run counted $(cat pipe/counts.txt) lines"
[[ ! -e pipe/reads.fifo ]] || die "the pipe was left behind"
best_of "$repeat" clean_file file.log "$FLOW" -d file -c 2 -q
file_wall=$T_WALL
best_of "$repeat" clean_alone alone.log "$FLOW" -d alone -c 2 -q consume
alone_wall=$T_WALL

slower=$(calc "($produce_ms > $consume_ms ? $produce_ms : $consume_ms) * $lines / 1000")
ratio=$(calc "$pipe_wall / $alone_wall")
echo "lines: $lines, producer ${produce_ms} ms/line ($(calc "$produce_ms * $lines / 1000") s), consumer ${consume_ms} ms/line ($(calc "$consume_ms * $lines / 1000") s); best of $repeat"
echo "pipe pair (started together):   wall $pipe_wall s"
echo "plain file (one after the other): wall $file_wall s"
echo "slower side alone:               wall $alone_wall s (its waits alone: $slower s)"
echo "pipe / slower side alone: ${ratio}x"
echo "target: pipe pair <= 1.2 x the slower side: $(verdict "$ratio <= 1.2")"
