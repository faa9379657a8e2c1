#!/usr/bin/env bash
# Installs every Debian 12 package that nashra's build, tests and default fonts need.
# Run as root on a fresh machine; safe to run again.
set -euo pipefail
packages=(
  build-essential meson ninja-build pkg-config
  libglib2.0-dev libpango1.0-dev libcairo2-dev libfribidi-dev libharfbuzz-dev libyaml-dev
  libjson-glib-dev
  libcmocka-dev clang libclang-rt-14-dev valgrind librsvg2-dev libgdk-pixbuf-2.0-dev
  poppler-utils qpdf python3 python3-pypdf python3-yaml
  fonts-hosny-amiri fonts-noto-core fonts-dejavu-core
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
