#!/bin/sh
# Checks po/POTFILES.in: every listed file exists, the list is sorted and
# has no duplicates, and every source or .ui file with translatable strings
# is listed (so no string silently escapes the translators).
#
# Usage: check-potfiles.sh SOURCE_ROOT
set -eu

root=${1:?usage: check-potfiles.sh SOURCE_ROOT}
potfiles="$root/po/POTFILES.in"
status=0
listed=$(mktemp)
trap 'rm -f "$listed"' EXIT

grep -v -e '^#' -e '^[[:space:]]*$' "$potfiles" > "$listed" || true

while IFS= read -r path; do
  if [ ! -f "$root/$path" ]; then
    echo "FAIL: po/POTFILES.in lists $path, which does not exist" >&2
    status=1
  fi
done < "$listed"

if ! LC_ALL=C sort -c -u "$listed" 2>/dev/null; then
  echo "FAIL: po/POTFILES.in is not sorted or has duplicates; fix with:" >&2
  echo "  build-aux/sort-potfiles.sh" >&2
  status=1
fi

# C sources calling a gettext function, and .ui files with translatable
# properties. Tests and benchmarks are not translated.
cd "$root"
for path in $(grep -rlE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|g_dngettext|ngettext)[[:space:]]*\(' \
                --include='*.c' src 2>/dev/null; \
              grep -rl 'translatable="yes"' --include='*.ui' src 2>/dev/null); do
  if ! grep -qxF "$path" "$listed"; then
    echo "FAIL: $path has translatable strings but is missing from po/POTFILES.in" >&2
    status=1
  fi
done

[ "$status" -eq 0 ] && echo "po/POTFILES.in OK ($(wc -l < "$listed") files)"
exit "$status"
