#!/usr/bin/env bash
# Renders every example brief (examples/*.md) to PDF under valgrind's memcheck and fails on any
# memory error or any definitely lost block. Libraries' caches are "still reachable" or
# "possibly lost", which do not fail; tests/valgrind.supp says why fontconfig's own blocks are
# reported as lost. Builds in build-valgrind (debugoptimized, meson's default: the code CI ships,
# with symbols for the reports). usage: tools/valgrind.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build.sh build-valgrind >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for src in examples/*.md; do
  name=$(basename "$src" .md)
  # GLib's slice allocator would hide blocks from valgrind; G_DEBUG keeps criticals fatal.
  if G_SLICE=always-malloc G_DEBUG=fatal-criticals SOURCE_DATE_EPOCH=0 \
      valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=1 \
      --suppressions=tests/valgrind.supp --log-file="$tmp/$name.log" build-valgrind/nashra -q "$src" -o "$tmp/$name.pdf"; then
    # e.g. "ok      examples/brief-ar.md: 0 errors, definitely lost: 0 bytes in 0 blocks"
    errs=$(sed -n 's/.*ERROR SUMMARY: \([0-9,]*\) errors.*/\1/p' "$tmp/$name.log")
    lost=$(sed -n 's/.*definitely lost: //p' "$tmp/$name.log")
    echo "ok      $src: $errs errors, definitely lost: ${lost:-0 bytes in 0 blocks}"
  else
    echo "FAILED  $src"
    cat "$tmp/$name.log"
    status=1
  fi
done
exit $status
