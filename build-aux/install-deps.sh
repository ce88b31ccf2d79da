#!/bin/bash
# Installs every Debian 12 package Shopkeeper needs to build, run, test and
# look at (screenshots). Idempotent: asks dpkg what is missing and only then
# runs apt-get (update + install), non-interactively; sudo only when not root.
set -euo pipefail

# Needed to build, run and test. Without these nothing works.
required=(
  # toolchain
  meson ninja-build pkg-config gcc
  # libraries
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev
  libjson-glib-dev libsqlite3-dev libsecret-1-dev
  libgmime-3.0-dev libcurl4-openssl-dev libcrypt-dev
  # translations, desktop integration, help, and their validators
  gettext itstool appstream desktop-file-utils libglib2.0-bin yelp-tools
  # runtime bits: the SVG icon loader, icons, fonts
  librsvg2-common adwaita-icon-theme fonts-cantarell
  # UI tests and the test environment
  xvfb xauth dbus locales-all gnome-keyring
  # the printed slips are checked with pdftotext and pdfinfo
  poppler-utils
  # SMTP server for the mail tests
  python3-aiosmtpd
)

# Needed to look at the app (screenshots, secrets, a session bus for X).
# A failure to install these is reported but does not stop the build.
optional=(
  dbus-x11 libsecret-tools imagemagick xdotool sqlite3
)

is_installed ()
{
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

missing_of ()
{
  local pkg
  for pkg in "$@"; do
    is_installed "$pkg" || printf '%s\n' "$pkg"
  done
}

mapfile -t missing_required < <(missing_of "${required[@]}")
mapfile -t missing_optional < <(missing_of "${optional[@]}")

if [ ${#missing_required[@]} -eq 0 ] && [ ${#missing_optional[@]} -eq 0 ]; then
  echo "install-deps: all packages are installed"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null; then
  as_root=(sudo)
else
  echo "install-deps: need root or sudo to install: ${missing_required[*]} ${missing_optional[*]}" >&2
  [ ${#missing_required[@]} -eq 0 ] && exit 0
  exit 1
fi

apt_get ()
{
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -y -q "$@"
}

echo "install-deps: installing ${missing_required[*]} ${missing_optional[*]}"
apt_get update
if apt_get install --no-install-recommends "${missing_required[@]}" "${missing_optional[@]}"; then
  exit 0
fi

if [ ${#missing_required[@]} -gt 0 ]; then
  apt_get install --no-install-recommends "${missing_required[@]}"
fi
echo "install-deps: warning: could not install ${missing_optional[*]}; screenshots and the keyring may not work" >&2
