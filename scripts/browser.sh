#!/usr/bin/env bash
# Installs Debian's Chromium for the alert-board browser test, unless it is already there.
# Playwright drives it through its executablePath: no browser is downloaded at run time.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "browser.sh: /usr/bin/chromium is missing and installing it needs root (apt-get install chromium)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q --no-install-recommends chromium >/dev/null 2>&1 || {
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends chromium >/dev/null
}
/usr/bin/chromium --version
