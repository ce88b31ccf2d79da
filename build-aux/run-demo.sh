#!/bin/bash
# Builds Shopkeeper and starts it uninstalled against the built-in demo shop.
# Usage: build-aux/run-demo.sh [extra arguments for shopkeeper]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build"

bash "$root/build-aux/install-deps.sh"

if [ -f "$build/build.ninja" ]; then
  meson setup --reconfigure "$build" "$root"
else
  meson setup "$build" "$root"
fi
ninja -C "$build"

# devenv sets GSETTINGS_SCHEMA_DIR and SHOPKEEPER_LOCALEDIR to the build dir.
exec meson devenv -C "$build" ./src/ui/shopkeeper --demo "$@"
