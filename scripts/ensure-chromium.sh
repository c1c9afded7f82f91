#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests (tests/browser) when it is missing. Playwright drives this
# system browser; it never downloads one of its own.
set -euo pipefail
CHROMIUM="${MESSE_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-chromium: $CHROMIUM is missing and installing it needs root (apt-get install chromium)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium
