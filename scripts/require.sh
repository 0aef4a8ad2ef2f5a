#!/usr/bin/env bash
# Makes sure a program from the distribution's packages is installed, installing it when it is missing:
#
#   scripts/require.sh COMMAND DEBIAN-PACKAGE WHY
#   scripts/require.sh nginx nginx-light "the front door runs on it"
#
# Installs with apt-get as root, or with sudo when it needs no password; otherwise says the command to run and
# fails. A command is found on the PATH or in /usr/sbin (not on every user's PATH).
set -euo pipefail
command=$1 package=$2 why=$3
log() { echo "[require] $*" >&2; }

if command -v "$command" >/dev/null 2>&1 || [[ -x "/usr/sbin/$command" ]]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  log "ERROR: $command is missing ($why); install it with your system's package manager"
  exit 1
fi
if [[ $(id -u) -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo)
else
  log "ERROR: $command is missing ($why); install it with: sudo apt-get install $package"
  exit 1
fi
log "$command is missing ($why); installing $package from the distribution's packages"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$package" >/dev/null
log "installed $package"
