#!/usr/bin/env bash
# flow's own copy of the company's shared/cluster/stop-sge.sh (as start-scheduler.sh is of
# start-pbs.sh), so that CI can run tests/cluster/sge/ from a clean clone.
# stop-sge.sh - stop the sge_execd and sge_qmaster started by start-sge.sh,
# by the pids it recorded in $FLOW_SGE_DIR/run (checked against the command
# name; nothing is killed by name).  Jobs of this private cluster are deleted
# through qdel first.  Usage: stop-sge.sh
set -uo pipefail
export LC_ALL=C SGE_ROOT=/var/lib/gridengine SGE_CELL=default
D=${FLOW_SGE_DIR:-/tmp/flow-sge}
[[ $(id -u) -eq 0 ]] || { echo "stop-sge: must be run as root" >&2; exit 1; }

alive() {
    local pid
    [[ -s "$1" ]] || return 1
    pid=$(tr -dc '0-9' < "$1")
    [[ -n "$pid" && -d /proc/$pid ]] || return 1
    [[ "$(cat /proc/"$pid"/comm 2>/dev/null)" == "$2" ]] || return 1
    [[ "$(awk '{print $3}' /proc/"$pid"/stat 2>/dev/null)" != Z ]] || return 1
    echo "$pid"
}
stopped=()
running() { [[ -d /proc/$1 && "$(awk '{print $3}' /proc/"$1"/stat 2>/dev/null)" != Z ]]; }
stop_one() {
    local name=$1 f="$D/run/$1.pid" pid i
    if pid=$(alive "$f" "$name"); then
        kill -TERM "$pid" 2>/dev/null
        for ((i = 0; i < 200; i++)); do running "$pid" || break; sleep 0.1; done
        if running "$pid"; then kill -KILL "$pid" 2>/dev/null; sleep 0.2; fi
        for ((i = 0; i < 30; i++)); do [[ -d /proc/$pid ]] || break; sleep 0.1; done
        stopped+=("$name:$pid")
    fi
    rm -f "$f"
}

if alive "$D/run/sge_qmaster.pid" sge_qmaster >/dev/null; then
    jobs=$(qstat -u '*' 2>/dev/null | awk 'NR > 2 {print $1}' | sort -u | tr '\n' ' ')
    if [[ -n "${jobs// }" ]]; then
        # shellcheck disable=SC2086
        qdel -f $jobs >/dev/null 2>&1 || true
        for ((i = 0; i < 100; i++)); do
            [[ -z "$(qstat -u '*' 2>/dev/null)" ]] && break
            sleep 0.1
        done
    fi
fi
stop_one sge_execd
stop_one sge_qmaster
echo "flow-sge: stopped${stopped[*]:+ ${stopped[*]}}"
