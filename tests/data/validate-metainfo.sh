#!/bin/sh
# Validates the built metainfo with appstreamcli and, stricter than its exit
# status, also fails on "info" findings (such as a missing content rating),
# which newer AppStream versions and software centres treat as warnings.
#
# Tolerated: AppStream 0.16 (Debian 12) reports the AppStream 1.0 <developer>
# tag as unknown; newer versions require it.
#
# Usage: validate-metainfo.sh FILE.metainfo.xml
set -eu

file=${1:?usage: validate-metainfo.sh FILE}
status=0
out=$(appstreamcli validate --no-net --explain "$file" 2>&1) || status=$?
printf '%s\n' "$out"

if [ "$status" -ne 0 ]; then
  echo "FAIL: appstreamcli validate exited with status $status" >&2
  exit 1
fi

findings=$(printf '%s\n' "$out" | grep -E '^[EWI]: ' | grep -v -E ': unknown-tag developer$' || true)
if [ -n "$findings" ]; then
  echo "FAIL: appstreamcli reported:" >&2
  printf '%s\n' "$findings" >&2
  exit 1
fi
