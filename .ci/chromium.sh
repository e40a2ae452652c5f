#!/usr/bin/env bash
# Makes Debian's Chromium available for the CLI's HTML-report browser test
# (packages/cli/test/reportHtml.browser.test.ts) and prints its path on stdout. Best effort: when it
# cannot be installed, it says why on stderr and prints nothing, and that test skips with a line
# saying so. Debian's package only, never a browser download (playwright-core drives it).
set -u

for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -x "$candidate" ]; then
    echo "$candidate"
    exit 0
  fi
done
if [ "$(id -u)" -ne 0 ]; then
  echo "chromium.sh: Chromium is not installed and this is not root: the browser test will skip" >&2
  exit 0
fi
echo "chromium.sh: installing Debian's chromium (apt-get)…" >&2
export DEBIAN_FRONTEND=noninteractive
# postgres.sh may have run apt just before: wait for the dpkg lock instead of failing.
if ! { timeout 300 apt-get -o DPkg::Lock::Timeout=120 update -qq &&
  timeout 900 apt-get -o DPkg::Lock::Timeout=120 install -y -qq --no-install-recommends chromium; } >&2; then
  echo "chromium.sh: apt-get could not install chromium: the browser test will skip" >&2
  exit 0
fi
[ -x /usr/bin/chromium ] && echo /usr/bin/chromium
exit 0
