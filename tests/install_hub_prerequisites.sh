#!/usr/bin/env bash
# What the hub tests need besides Python packages: Debian's chromium and PostgreSQL, git,
# Node.js with npm, and configurable-http-proxy from npm in .node/ (never a global install).
# `make test` runs this once; .node/.installed records that everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v git >/dev/null || missing+=(git)
command -v npm >/dev/null || missing+=(npm)  # Debian's npm brings nodejs

if ((${#missing[@]})); then
    if [ "$(id -u)" -ne 0 ]; then
        echo "hub tests: ${missing[*]} missing, and only root may apt-get install them." >&2
        echo "hub tests: run 'sudo apt-get install ${missing[*]}' (then make test again); they are skipped until then." >&2
        exit 0
    fi
    echo "hub tests: installing ${missing[*]} from Debian"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

npm install --prefix .node --no-audit --no-fund --loglevel=error configurable-http-proxy@5
touch .node/.installed
