#!/usr/bin/env bash
# Installs every Debian 12 package that nashra's build, tests and default fonts need.
# Run as root on a fresh machine; safe to run again.
set -euo pipefail
# Beyond the build: chromium and tidy check the HTML page; man-db, groff-base and mandoc render
# and lint the man page, zsh and fish run the completions (tests/e2e/test_docs.py); git lets
# `meson dist` archive the tree (tests/e2e/test_package.py).
packages=(
  build-essential meson ninja-build pkg-config
  libglib2.0-dev libpango1.0-dev libcairo2-dev libfribidi-dev libharfbuzz-dev libyaml-dev
  libqpdf-dev libxml2-dev libjson-glib-dev libicu-dev
  citation-style-language-styles citation-style-language-locales
  libcmocka-dev clang libclang-rt-14-dev valgrind librsvg2-dev libgdk-pixbuf-2.0-dev libpng-dev libjpeg-dev
  poppler-utils qpdf python3 python3-pypdf python3-yaml
  chromium tidy
  fonts-hosny-amiri fonts-noto-core fonts-dejavu-core
  icc-profiles-free
  man-db groff-base mandoc zsh fish git
)
# Node.js and npm run the PDF reader harness (tests/readers). Checked as commands, not
# packages: a machine with NodeSource's nodejs already has both, and Debian's npm
# conflicts with it.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The reader harness's npm packages, reinstalled only when package-lock.json is newer
# than the last install (npm ci rewrites node_modules/.package-lock.json).
readers="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/readers"
if [ ! "$readers/node_modules/.package-lock.json" -nt "$readers/package-lock.json" ]; then
  npm ci --prefix "$readers" --no-audit --no-fund --loglevel=error >/dev/null
fi

# citeproc-js, the reference of the CSL comparison (tests/csl/compare), the same way.
csl_compare="$(dirname "$readers")/csl/compare"
if [ ! "$csl_compare/node_modules/.package-lock.json" -nt "$csl_compare/package-lock.json" ]; then
  npm ci --prefix "$csl_compare" --no-audit --no-fund --loglevel=error >/dev/null
fi
