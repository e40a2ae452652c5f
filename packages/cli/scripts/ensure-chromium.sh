#!/bin/sh
# Installs Debian's chromium for the HTML report browser test (test/reportHtml.browser.test.ts),
# only when /usr/bin/chromium is missing. Debian's package, never a browser download: the test
# drives it with playwright-core and executablePath /usr/bin/chromium.
set -eu
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-chromium: /usr/bin/chromium is missing; install it with: sudo apt-get install -y --no-install-recommends chromium" >&2
  exit 1
fi
echo "ensure-chromium: installing Debian's chromium (apt-get)…" >&2
export DEBIAN_FRONTEND=noninteractive
# Other packages' test setups may run apt at the same time: wait for the dpkg lock instead of failing.
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium >/dev/null
test -x /usr/bin/chromium
