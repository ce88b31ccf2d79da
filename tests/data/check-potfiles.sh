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

# A translatable string glued to a G_GINT64_FORMAT-style macro is cut by
# xgettext right before the macro: the msgid ends in a bare "%" and the
# string is never translated. Such strings must use %lld/%zu with casts.
if command -v xgettext >/dev/null 2>&1; then
  pot=$(mktemp)
  # shellcheck disable=SC2046
  xgettext --from-code=UTF-8 --language=C --output="$pot" \
    --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
    --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
    $(grep -E '\.c$' "$listed") 2>/dev/null || true
  if grep -nE '^msgid(_plural)? ".*[^%]%"$' "$pot" >&2; then
    echo "FAIL: the msgids above end in a bare %: a G_G*_FORMAT macro inside a translatable string" >&2
    status=1
  fi
  rm -f "$pot"
fi

[ "$status" -eq 0 ] && echo "po/POTFILES.in OK ($(wc -l < "$listed") files)"
exit "$status"
