#!/usr/bin/env bash
# Installs what flow needs to build and test on Debian 12 (only what is missing, quietly),
# then builds it.
#
#   scripts/setup.sh              release build in build/ (binary: build/flow): -O3, as users
#                                 build it, so that CI sees the optimiser's warnings
#   scripts/setup.sh --sanitize   ASan + UBSan build in build-asan/
#
# Both make warnings errors (FLOW_WERROR, off by default for users). An existing build
# directory is only rebuilt, never reconfigured.
#   scripts/setup.sh --deps-only  install the packages, build nothing
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(g++ cmake ninja-build pkg-config make clang-format
          libfyaml-dev libcli11-dev libfmt-dev libpcre2-dev libstemmer-dev
          libcurl4-openssl-dev libgtest-dev
          graphviz libstemmer-tools time procps python3 r-base-core strace zsh fish mpich
          chromium
          environment-modules busybox-static podman runc)
# environment-modules, busybox-static, podman, runc: the software environment tests
# (tests/e2e/test_envs_*.sh; runc because crun refuses this machine's mixed cgroups).

log() { printf 'setup: %s\n' "$*" >&2; }

missing_packages() {
  local p status
  for p in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [[ "$status" == installed ]] || printf '%s\n' "$p"
  done
}

install_packages() {
  local missing
  mapfile -t missing < <(missing_packages)
  ((${#missing[@]} == 0)) && return 0
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { log "need root (or sudo) to install: ${missing[*]}"; exit 1; }
    sudo=(sudo)
  fi
  log "installing ${missing[*]}"
  local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=600)
  "${apt[@]}" update >/tmp/flow-apt.log 2>&1 || { tail -n 20 /tmp/flow-apt.log >&2; exit 1; }
  "${apt[@]}" install --no-install-recommends "${missing[@]}" >>/tmp/flow-apt.log 2>&1 ||
    { tail -n 30 /tmp/flow-apt.log >&2; exit 1; }
}

build() {  # build DIR [cmake options...]
  local dir=$1
  shift
  if [[ ! -f "$dir/build.ninja" ]]; then
    cmake -S . -B "$dir" -G Ninja "$@" >"$dir.configure.log" 2>&1 ||
      { cat "$dir.configure.log" >&2; exit 1; }
  fi
  if ! ninja -C "$dir" --quiet >"$dir.build.log" 2>&1; then
    tail -n 60 "$dir.build.log" >&2
    log "build failed (full log: $dir.build.log)"
    exit 1
  fi
}

case "${1:-}" in
  --deps-only) install_packages ;;
  --sanitize) install_packages; build build-asan -DCMAKE_BUILD_TYPE=Debug -DFLOW_SANITIZE=ON -DFLOW_WERROR=ON ;;
  "") install_packages; build build -DCMAKE_BUILD_TYPE=Release -DFLOW_WERROR=ON ;;
  *) log "unknown option '$1'"; exit 2 ;;
esac
