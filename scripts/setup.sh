#!/usr/bin/env bash
# Installs what tarifc needs on Debian 12, only when missing.
set -euo pipefail
# clang and libclang-rt-14-dev: the clang++ build and the fuzz targets (libFuzzer,
# the sanitizer runtimes; clang only recommends the latter).
packages=(g++ clang libclang-rt-14-dev cmake make tao-pegtl-dev libfmt-dev doctest-dev libcli11-dev nlohmann-json3-dev python3)
# librsvg2-bin (rsvg-convert) and chromium: scripts/render-check.py renders the
# compare charts (SVG) and pages (HTML, headless Chromium) to PNG and checks them;
# fonts-wqy-microhei (1.6 MB) so that the CCC plans' Chinese titles render as
# text, not boxes.
packages+=(librsvg2-bin chromium fonts-wqy-microhei)
missing=()
# nodejs and npm: scripts/sarif-validate.sh (Microsoft's SARIF validator comes
# from npm); Debian's packages only when no npm is on the PATH already.
command -v npm >/dev/null || packages+=(nodejs npm)
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >&2
fi
