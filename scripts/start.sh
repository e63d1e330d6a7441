#!/usr/bin/env bash
# `npm start`: install, generate, build, then serve the app and the API on one port.
# Migrations run and demo data is seeded (first start only) by the server itself.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh

ensure_pnpm
install_workspace
build_if_stale

if [ -z "${DATABASE_URL:-}" ]; then
  echo "› DATABASE_URL is unset: using the embedded database in ${DATA_DIR:-.data}/"
fi
exec node --enable-source-maps apps/api/dist/server.js
