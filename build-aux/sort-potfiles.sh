#!/bin/sh
# Sorts po/POTFILES.in in place (comments first, then paths in C order,
# without duplicates). Helpers append lines to it; run this afterwards.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
potfiles="$root/po/POTFILES.in"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

{
  grep '^#' "$potfiles" || true
  grep -v -e '^#' -e '^[[:space:]]*$' "$potfiles" | LC_ALL=C sort -u
} > "$tmp"
cat "$tmp" > "$potfiles"
