#!/usr/bin/env bash
# Builds the parser fuzzer with clang's libFuzzer and runs it for SECONDS (default 60) on the
# seed corpus plus every input that ever crashed (tests/fuzz/regress-*, kept as regressions).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
out=build-fuzz
mkdir -p "$out/corpus"
cflags=$(pkg-config --cflags glib-2.0 pango fribidi yaml-0.1 json-glib-1.0)
libs=$(pkg-config --libs glib-2.0 pango fribidi yaml-0.1 json-glib-1.0)
srcs=(src/doc/*.c src/util/*.c src/parse/*.c src/cite/*.c src/render/html.c src/render/tree.c)
[ -d build-test/src/parse ] && gen=(-Ibuild-test/src/parse) || gen=()
clang -std=c11 -D_GNU_SOURCE -DNASHRA_VERSION='"fuzz"' -g -O1 \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -Isrc "${gen[@]}" $cflags tests/fuzz/fuzz_parse.c "${srcs[@]}" $libs -o "$out/fuzz_parse"
cp -n tests/fuzz/corpus-parse/* "$out/corpus/" 2>/dev/null || true
cp -n examples/*.md "$out/corpus/" 2>/dev/null || true
# Regressions first: each must run clean.
for f in tests/fuzz/regress-*; do [ -e "$f" ] && "$out/fuzz_parse" "$f"; done
ASAN_OPTIONS=detect_leaks=1 "$out/fuzz_parse" -max_total_time="$secs" -max_len=65536 \
  -timeout=10 -rss_limit_mb=4096 -artifact_prefix="$out/" -print_final_stats=1 "$out/corpus"
