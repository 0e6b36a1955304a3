#!/usr/bin/env bash
# flow's own copy of the company's shared/cluster/start-sge.sh (as start-scheduler.sh is of
# start-pbs.sh), so that CI can run tests/cluster/sge/ from a clean clone.
# start-sge.sh - bring up a REAL single-node (Son of) Grid Engine 8.1.9 from the
# Debian 12 packages: sge_qmaster + sge_execd, one queue "all.q" with
# $(nproc) slots, parallel environments "smp" and "mpi", scheduling every second.
# The qsub/qstat/qdel it provides speak the SGE dialect ("#$" directives,
# qsub -terse, qstat -j, qacct), NOT the PBS one.
#
# NOTE: Debian's gridengine-client conflicts with slurm-wlm-torque (both own
# /usr/bin/qsub), so SGE and start-pbs.sh cannot be installed on the same
# machine at the same time.  This script refuses to remove slurm-wlm-torque
# unless FLOW_SGE_REPLACE_TORQUE=1 is set.
#
# Usage (root, non-interactive, idempotent):   start-sge.sh   /   stop-sge.sh
# Clients need:  export SGE_ROOT=/var/lib/gridengine SGE_CELL=default
# (the Debian wrappers in /usr/bin default to exactly these values).
#
# Environment knobs: FLOW_SGE_DIR [/tmp/flow-sge] (pid copies, logs, config
# files), FLOW_SGE_SLOTS [$(nproc)], FLOW_SGE_WAIT [60], FLOW_SGE_NO_INSTALL=1.
set -euo pipefail
umask 022
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
export SGE_ROOT=/var/lib/gridengine SGE_CELL=default

D=${FLOW_SGE_DIR:-/tmp/flow-sge}
SLOTS=${FLOW_SGE_SLOTS:-$(nproc)}
WAIT=${FLOW_SGE_WAIT:-60}
H=$(hostname)
COMMON=$SGE_ROOT/$SGE_CELL/common
SPOOL=/var/spool/gridengine
PKGS=(gridengine-master gridengine-exec gridengine-client)

log() { echo "start-sge: $*" >&2; }
die() { echo "start-sge: ERROR: $*" >&2; exit 1; }
fail() {
    echo "start-sge: ERROR: $*" >&2
    local f
    for f in "$SPOOL/qmaster/messages" "$SPOOL"/execd/*/messages; do
        [[ -f $f ]] && { echo "----- tail -n 20 $f -----" >&2; tail -n 20 "$f" >&2; }
    done
    exit 1
}
[[ $(id -u) -eq 0 ]] || die "must be run as root"
mkdir -p "$D/run" "$D/cfg"

# ---------------------------------------------------------------- install
missing=()
for p in "${PKGS[@]}"; do
    [[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" == installed ]] || missing+=("$p")
done
if ((${#missing[@]})); then
    [[ -z "${FLOW_SGE_NO_INSTALL:-}" ]] || die "packages missing: ${missing[*]}"
    if [[ "$(dpkg-query -W -f='${db:Status-Status}' slurm-wlm-torque 2>/dev/null || true)" == installed &&
          -z "${FLOW_SGE_REPLACE_TORQUE:-}" ]]; then
        die "slurm-wlm-torque is installed and conflicts with gridengine-client (/usr/bin/qsub); stop-pbs.sh first and set FLOW_SGE_REPLACE_TORQUE=1 to let apt remove it"
    fi
    # Answer the debconf questions: configure automatically, cell "default",
    # this host is the master.  Keep maintainer scripts from starting daemons.
    printf '%s\n' \
        "gridengine-common shared/gridengineconfig boolean true" \
        "gridengine-common shared/gridenginecell string default" \
        "gridengine-common shared/gridenginemaster string $H" \
        "gridengine-master shared/gridenginemaster string $H" \
        "gridengine-exec shared/gridenginemaster string $H" | debconf-set-selections
    created_policy=
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d
        created_policy=1
    fi
    log "installing ${missing[*]} (log: $D/apt.log)"
    APT=(apt-get -q -y -o DPkg::Lock::Timeout=600)
    ok=1
    "${APT[@]}" update >>"$D/apt.log" 2>&1 || ok=
    [[ -n $ok ]] && { "${APT[@]}" install --no-install-recommends "${missing[@]}" >>"$D/apt.log" 2>&1 || ok=; }
    [[ -n $created_policy ]] && rm -f /usr/sbin/policy-rc.d
    [[ -n $ok ]] || { tail -n 30 "$D/apt.log" >&2; die "apt-get failed"; }
fi
[[ -f $COMMON/bootstrap ]] || die "$COMMON/bootstrap missing (package auto-configuration did not run)"

# --------------------------------------------------- host name resolution
# SGE insists that the name a client claims equals the name its IP resolves
# to.  On machines where 127.0.0.1 (or the host IP) reverse-resolves to
# "localhost" this fails ("access denied (client IP resolved to host name
# localhost ...)"), so declare all local names aliases of $(hostname).
aliases=$(
    { echo localhost; hostname -f 2>/dev/null || true;
      getent hosts 127.0.0.1 "$H" 2>/dev/null | awk '{for (i = 2; i <= NF; i++) print $i}' || true; } |
    grep -vxF "$H" | sort -u | tr '\n' ' '
)
echo "$H $aliases" > "$COMMON/host_aliases"
echo "$H" > "$COMMON/act_qmaster"
chown sgeadmin:sgeadmin "$COMMON/host_aliases" "$COMMON/act_qmaster"

# ---------------------------------------------------------------- daemons
alive() { # PIDFILE NAME
    local pid
    [[ -s "$1" ]] || return 1
    pid=$(tr -dc '0-9' < "$1")
    [[ -n "$pid" && -d /proc/$pid ]] || return 1
    [[ "$(cat /proc/"$pid"/comm 2>/dev/null)" == "$2" ]] || return 1
    [[ "$(awk '{print $3}' /proc/"$pid"/stat 2>/dev/null)" != Z ]] || return 1
    echo "$pid"
}
wait_for() { # SECONDS CMD...
    local n=$(($1 * 5)); shift
    for ((i = 0; i < n; i++)); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
    return 1
}

if ! alive "$D/run/sge_qmaster.pid" sge_qmaster >/dev/null; then
    rm -f "$SPOOL/qmaster/qmaster.pid" "$SPOOL/qmaster/lock"
    /usr/sbin/sge_qmaster </dev/null >>"$D/sge_qmaster.out" 2>&1 || fail "sge_qmaster failed to start"
    wait_for 20 test -s "$SPOOL/qmaster/qmaster.pid" || fail "sge_qmaster wrote no pid file"
    cp "$SPOOL/qmaster/qmaster.pid" "$D/run/sge_qmaster.pid"
    alive "$D/run/sge_qmaster.pid" sge_qmaster >/dev/null || fail "sge_qmaster died"
fi
wait_for 30 qconf -sh || fail "qmaster does not answer (qconf -sh)"

# ---------------------------------------------------------- configuration
# global config: allow root jobs (min_uid/min_gid 1000 by default), and start job shells as
# plain shells, not login shells: a login bash sources ~/.profile and ~/.bashrc, and this
# machine's (pyenv init, whose rehash waits 60 s on a lock concurrent jobs share) made jobs
# minutes slow. Real sites list bash in login_shells; docs/cluster.md says what that means.
qconf -sconf global > "$D/cfg/global.cur"
sed -e 's/^min_uid .*/min_uid                      0/' \
    -e 's/^min_gid .*/min_gid                      0/' \
    -e 's/^login_shells .*/login_shells                 none/' "$D/cfg/global.cur" > "$D/cfg/global"
if ! cmp -s "$D/cfg/global" "$D/cfg/global.cur"; then
    (cd "$D/cfg" && qconf -Mconf global >>"$D/qconf.log" 2>&1)
    CONF_CHANGED=1
fi
# scheduler: run every second instead of every 15 s.
qconf -ssconf | sed -e 's/^schedule_interval .*/schedule_interval                 0:0:1/' \
    -e 's/^flush_submit_sec .*/flush_submit_sec                  1/' \
    -e 's/^flush_finish_sec .*/flush_finish_sec                  1/' \
    -e 's/^job_load_adjustments .*/job_load_adjustments              NONE/' \
    -e 's/^load_adjustment_decay_time .*/load_adjustment_decay_time        0:0:0/' > "$D/cfg/sched"
qconf -Msconf "$D/cfg/sched" >>"$D/qconf.log" 2>&1
qconf -sh 2>/dev/null | grep -qxF "$H" || qconf -ah "$H" >>"$D/qconf.log" 2>&1
qconf -ss 2>/dev/null | grep -qxF "$H" || qconf -as "$H" >>"$D/qconf.log" 2>&1
if ! qconf -sel 2>/dev/null | grep -qxF "$H"; then
    printf '%s\n' "hostname $H" "load_scaling NONE" "complex_values NONE" "user_lists NONE" \
        "xuser_lists NONE" "projects NONE" "xprojects NONE" "usage_scaling NONE" \
        "report_variables NONE" > "$D/cfg/exechost"
    qconf -Ae "$D/cfg/exechost" >>"$D/qconf.log" 2>&1
fi
if ! qconf -spl 2>/dev/null | grep -qxF smp; then
    printf '%s\n' "pe_name smp" "slots 9999" "user_lists NONE" "xuser_lists NONE" \
        "start_proc_args NONE" "stop_proc_args NONE" 'allocation_rule $pe_slots' \
        "control_slaves FALSE" "job_is_first_task TRUE" "urgency_slots min" \
        "accounting_summary FALSE" "qsort_args NONE" > "$D/cfg/pe_smp"
    qconf -Ap "$D/cfg/pe_smp" >>"$D/qconf.log" 2>&1
fi
# "mpi": jobs of several tasks or nodes (flow's --sge-mpi-pe default), slots spread over the
# hosts in turn, as sites define it for MPI (here one host holds them all).
if ! qconf -spl 2>/dev/null | grep -qxF mpi; then
    printf '%s\n' "pe_name mpi" "slots 9999" "user_lists NONE" "xuser_lists NONE" \
        "start_proc_args NONE" "stop_proc_args NONE" 'allocation_rule $round_robin' \
        "control_slaves FALSE" "job_is_first_task TRUE" "urgency_slots min" \
        "accounting_summary FALSE" "qsort_args NONE" > "$D/cfg/pe_mpi"
    qconf -Ap "$D/cfg/pe_mpi" >>"$D/qconf.log" 2>&1
fi
if ! qconf -shgrpl 2>/dev/null | grep -qxF @allhosts; then
    printf '%s\n' "group_name @allhosts" "hostlist $H" > "$D/cfg/allhosts"
    qconf -Ahgrp "$D/cfg/allhosts" >>"$D/qconf.log" 2>&1
fi
{ qconf -sq all.q 2>/dev/null || qconf -sq; } | sed \
    -e 's/^qname .*/qname                 all.q/' \
    -e 's/^hostlist .*/hostlist              @allhosts/' \
    -e "s/^slots .*/slots                 $SLOTS/" \
    -e 's/^load_thresholds .*/load_thresholds       NONE/' \
    -e 's#^shell .*#shell                 /bin/bash#' \
    -e 's/^pe_list .*/pe_list               smp mpi/' > "$D/cfg/all.q"
if qconf -sql 2>/dev/null | grep -qxF all.q; then
    qconf -Mq "$D/cfg/all.q" >>"$D/qconf.log" 2>&1
else
    qconf -Aq "$D/cfg/all.q" >>"$D/qconf.log" 2>&1
fi

# execd reads the global config only at start-up: restart it after changes.
if [[ -n "${CONF_CHANGED:-}" ]] && pid=$(alive "$D/run/sge_execd.pid" sge_execd); then
    kill -TERM "$pid"
    for ((i = 0; i < 100; i++)); do [[ -d /proc/$pid ]] || break; sleep 0.1; done
fi
if ! alive "$D/run/sge_execd.pid" sge_execd >/dev/null; then
    mkdir -p "$SPOOL/execd"; chown sgeadmin:sgeadmin "$SPOOL/execd"
    rm -f "$SPOOL"/execd/*/execd.pid
    /usr/sbin/sge_execd </dev/null >>"$D/sge_execd.out" 2>&1 || fail "sge_execd failed to start"
    # the spool sub-directory is named after however execd resolves itself
    wait_for 20 bash -c "ls $SPOOL/execd/*/execd.pid" || fail "sge_execd wrote no pid file"
    cat "$SPOOL"/execd/*/execd.pid | head -n 1 > "$D/run/sge_execd.pid"
    alive "$D/run/sge_execd.pid" sge_execd >/dev/null || fail "sge_execd died"
fi

# ------------------------------------------------ wait for the queue to work
qmod -cq all.q >/dev/null 2>&1 || true          # clear a stale error state
ready() {  # queue instance listed, has a load value, no u/E/d/D state
    local line
    line=$(qstat -f -q all.q 2>/dev/null | awk -v q="all.q@" 'index($1, q) == 1')
    [[ -n "$line" ]] || return 1
    awk '{ if (NF < 5 || $4 == "-NA-") exit 1; if (NF >= 6 && $6 ~ /[uEdDa]/) exit 1 }' <<<"$line"
}
wait_for "$WAIT" ready || { qstat -f >&2 || true; fail "queue all.q did not become available within ${WAIT}s"; }

echo "flow-sge: OK - Grid Engine $(qstat -help 2>/dev/null | head -n 1 | awk '{print $2}') up, host $H, queue all.q ($SLOTS slots), pe smp and mpi; SGE_ROOT=$SGE_ROOT SGE_CELL=$SGE_CELL; stop with $(dirname "$0")/stop-sge.sh"
