#!/usr/bin/env bash
# Spec §9: `container:` with --use-containers and podman. A tiny image is built here, offline
# (FROM scratch + Debian's busybox-static, nothing pulled), in a private podman store; a job
# runs in it as the user, in the working directory mounted at the same path; a changed image
# reruns the job; a missing image or runtime is an error before any job starts.
source "$(dirname "$0")/lib.sh"
start_test envs-containers
require_root "rootful podman in a private store"
require_command podman
[[ -x /bin/busybox ]] || skip "busybox-static is not installed (scripts/setup.sh installs it)"

# This machine's kind (cgroups v1 and v2 mixed, no systemd, rlimits that cannot be raised):
# runc instead of crun (which refuses hybrid cgroups), cgroupfs, no default ulimits, no
# network namespace setup, events to a file; images in a store of this test's own.
cat >containers.conf <<'CONF'
[containers]
default_ulimits = []
netns = "none"
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
runtime = "runc"
CONF
cat >storage.conf <<CONF
[storage]
driver = "vfs"
graphroot = "$work/store/graph"
runroot = "$work/store/run"
CONF
export CONTAINERS_CONF=$work/containers.conf CONTAINERS_STORAGE_CONF=$work/storage.conf

mkdir -p image/root/bin
cp /bin/busybox image/root/bin/
for applet in sh cat echo id test ls; do ln -s busybox "image/root/bin/$applet"; done
echo "only in the image" >image/root/only-in-image
printf 'FROM scratch\nCOPY root/ /\n' >image/Containerfile
podman build --network none -q -t flowtest/busybox:1 image >build.log 2>&1 ||
  skip "podman build fails here: $(tail -n 3 build.log)"
podman tag flowtest/busybox:1 flowtest/busybox:2
if ! podman run --rm flowtest/busybox:1 sh -c 'echo ok' >probe.log 2>&1; then
  skip "podman run fails here: $(tail -n 3 probe.log)"
fi

write_flow <<'YAML'
container: localhost/flowtest/busybox:1
rules:
  all: {input: inside.txt}
  inside:
    output: inside.txt
    shell: "cat /only-in-image >{output}; id -u >>{output}; pwd >>{output}; if test -e /etc/os-release; then echo os-release >>{output}; fi"
YAML
[[ -e /etc/os-release ]] || skip "the check below needs a host with /etc/os-release"

run_flow 0 -c1 --use-containers
expect_file inside.txt
grep -qx 'only in the image' inside.txt || fail "the job did not run in the image: $(cat inside.txt)"
grep -qx "$(id -u)" inside.txt || fail "the job did not run as the user: $(cat inside.txt)"
grep -qx "$work" inside.txt || fail "the job did not run in the working directory: $(cat inside.txt)"
! grep -q os-release inside.txt || fail "the job saw the host's /etc/os-release"

# The image is part of the job's identity.
sed -i 's|busybox:1|busybox:2|' flow.yaml
run_flow 0 -n
expect_out "code or container image changed"
run_flow 0 -c1 --container-runtime podman
grep -qx 'only in the image' inside.txt || fail "the job did not run in the image"

# A missing image: an error before any job starts (nothing is pulled).
sed -i 's|busybox:2|nosuch:7|' flow.yaml
run_flow 1 -c1 --use-containers
expect_err "container image 'localhost/flowtest/nosuch:7' of rule inside is not available to podman"
[[ -e inside.txt ]] || fail "a job ran or its output was removed"

# A runtime that is not installed.
if ! command -v apptainer >/dev/null; then
  run_flow 2 -c1 --container-runtime apptainer
  expect_err "--container-runtime apptainer: 'apptainer' is not on PATH, and rule inside has a container image"
fi
