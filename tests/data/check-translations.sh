#!/bin/sh
# Checks every po/*.po with msgfmt (format strings, header, domain) and that
# po/LINGUAS lists exactly the languages that have a .po file.
#
# Usage: check-translations.sh SOURCE_ROOT
set -eu

root=${1:?usage: check-translations.sh SOURCE_ROOT}
status=0
count=0

for po in "$root"/po/*.po; do
  [ -e "$po" ] || continue
  count=$((count + 1))
  lang=$(basename "$po" .po)
  if ! msgfmt --check --check-format -o /dev/null "$po"; then
    echo "FAIL: $po does not pass msgfmt --check" >&2
    status=1
  fi
  if ! grep -v '^#' "$root/po/LINGUAS" | tr ' ' '\n' | grep -qx "$lang"; then
    echo "FAIL: $lang has $po but is missing from po/LINGUAS" >&2
    status=1
  fi
done

for lang in $(grep -v '^#' "$root/po/LINGUAS"); do
  if [ ! -e "$root/po/$lang.po" ]; then
    echo "FAIL: po/LINGUAS lists $lang but po/$lang.po does not exist" >&2
    status=1
  fi
done

if [ "$count" -eq 0 ]; then
  echo "FAIL: no .po files in $root/po" >&2
  exit 1
fi

[ "$status" -eq 0 ] && echo "$count translation(s) OK"
exit "$status"
