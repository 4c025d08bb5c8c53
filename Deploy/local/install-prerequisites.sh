#!/usr/bin/env bash
# Installs the C libraries Greenheart links (libzmq, SQLite) when they are missing.
set -euo pipefail
missing=()
pkg-config --exists libzmq 2>/dev/null || missing+=(libzmq3-dev)
[ -e /usr/include/sqlite3.h ] || missing+=(libsqlite3-dev)
command -v pkg-config >/dev/null || missing+=(pkg-config)
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}" >&2
    sudo_cmd=""
    [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
