#!/usr/bin/env bash
# Installs what is missing, and nothing else, so a second run takes a second.
#   scripts/setup.sh        what `make run` needs
#   scripts/setup.sh test   plus the test tools (Chromium for Playwright)
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"

apt_packages=(libmagic1 unzip curl)
[[ $mode == test ]] && apt_packages+=(chromium fonts-dejavu-core clamav-daemon)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if (( ${#missing[@]} )); then
  echo "setup: installing system packages: ${missing[*]}"
  sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Reflex builds the frontend with bun; the npm package ships the binary (no download at run time).
if ! command -v bun >/dev/null 2>&1; then
  echo "setup: installing bun from npm"
  npm install -g --silent bun@1
fi

reqs=(requirements.txt)
[[ $mode == test ]] && reqs=(requirements-dev.txt)
hash=$(cat requirements*.txt | sha256sum | cut -c1-16)
stamp=".venv/.installed-$hash-$mode"
# The test set includes the run set.
if [[ ! -f $stamp && ! ( $mode == run && -f .venv/.installed-$hash-test ) ]]; then
  [[ -x .venv/bin/python ]] || python3 -m venv .venv
  echo "setup: installing Python packages (${reqs[*]})"
  .venv/bin/pip install -q --disable-pip-version-check -r "${reqs[@]}"
  rm -f .venv/.installed-*-"$mode"
  touch "$stamp"
fi
