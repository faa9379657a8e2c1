#!/usr/bin/env bash
# Builds the CSL processor's libFuzzer target (tests/fuzz/fuzz_csl.c) with clang, ASan and UBSan,
# and runs it for SECONDS (default 60) from tests/fuzz/corpus-csl, after every saved crash
# (tests/fuzz/regress-csl-*). An input is a style, a NUL byte, and a CSL-JSON item list.
# usage: tests/fuzz/fuzz_csl.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-60}
out=build-fuzz
mkdir -p "$out"
glib-compile-resources --sourcedir=src/csl/data --generate-source --c-name nashra_csl \
  --target="$out/nashra-csl.c" src/csl/data/csl.gresource.xml
glib-compile-resources --sourcedir=src/csl/data --generate-header --c-name nashra_csl \
  --target="$out/nashra-csl.h" src/csl/data/csl.gresource.xml
flags=$(pkg-config --cflags --libs glib-2.0 gio-2.0 libxml-2.0 json-glib-1.0 icu-i18n icu-uc)
# shellcheck disable=SC2086 # pkg-config output is a list of words
clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=undefined -Isrc -I"$out" tests/fuzz/fuzz_csl.c src/csl/*.c \
  "$out/nashra-csl.c" $flags -o "$out/fuzz_csl"
mkdir -p "$out/corpus-csl"
cp -n tests/fuzz/corpus-csl/* "$out/corpus-csl/"
export ASAN_OPTIONS=detect_leaks=1 G_SLICE=always-malloc
for f in tests/fuzz/regress-csl-*; do
  [ -e "$f" ] && "$out/fuzz_csl" "$f"
done
"$out/fuzz_csl" -max_total_time="$secs" -max_len=8192 -timeout=10 -rss_limit_mb=4096 \
  -dict=tests/fuzz/csl.dict -artifact_prefix="$out/csl-" -print_final_stats=1 "$out/corpus-csl"
