#!/bin/sh
# Install Debian's Chromium (and its driver) for the browser tests, if it is not there yet.
# Idempotent: does nothing when /usr/bin/chromium exists. Called from .ci/run.
set -eu
if [ -x /usr/bin/chromium ]; then
    echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium chromium-driver fonts-dejavu-core
/usr/bin/chromium --version
