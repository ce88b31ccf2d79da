#!/bin/bash
# The CI entry point (.ci/run calls this): installs dependencies, builds with
# warnings as errors under AddressSanitizer + UndefinedBehaviorSanitizer, runs
# every test under Xvfb and a private D-Bus session, and prints
#   N passed, N failed, N skipped
# alone on a line. Exits non-zero if anything failed or nothing ran.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-ci"
start=$(date +%s)

bash "$root/build-aux/install-deps.sh"

setup_args=(
  -Dwerror=true
  -Db_sanitize=address,undefined
  -Dbuildtype=debug
)
if [ -f "$build/build.ninja" ]; then
  meson setup --reconfigure "$build" "$root" "${setup_args[@]}"
else
  meson setup "$build" "$root" "${setup_args[@]}"
fi
# -k 0: show every compile error at once, not only the first.
if ! ninja -C "$build" -j 2 -k 0; then
  echo "run-tests: the build failed; no tests ran" >&2
  echo "0 passed, 0 failed, 0 skipped"
  exit 1
fi

# A stale log from an earlier run must not be counted.
rm -f "$build/meson-logs/testlog.json"

test_status=0
xvfb-run -a -s '-screen 0 1400x900x24' \
  dbus-run-session -- \
  meson test -C "$build" --no-rebuild --print-errorlogs --num-processes 2 \
  || test_status=$?

log="$build/meson-logs/testlog.json"
if [ ! -s "$log" ]; then
  echo "run-tests: no test log at $log (meson test exited with $test_status)" >&2
  echo "0 passed, 0 failed, 0 skipped"
  exit 1
fi

# One JSON object per line, one line per test; "result" is the outcome.
read -r passed failed skipped < <(python3 - "$log" <<'PY'
import json, sys
passed = failed = skipped = 0
with open(sys.argv[1], encoding="utf-8") as log:
    for line in log:
        if not line.strip():
            continue
        result = json.loads(line)["result"]
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:  # FAIL, UNEXPECTEDPASS, TIMEOUT, ERROR
            failed += 1
print(passed, failed, skipped)
PY
)

echo "run-tests: took $(( $(date +%s) - start )) s" >&2
echo "$passed passed, $failed failed, $skipped skipped"

if [ "$failed" -gt 0 ] || [ "$test_status" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
