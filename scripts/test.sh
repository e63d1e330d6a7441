#!/usr/bin/env bash
# `npm test`: every test — typecheck and lint, unit and integration (Vitest, real PostgreSQL),
# end-to-end (Playwright in Debian's Chromium). Installs what the tests need first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh

export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

ensure_chromium() {
  if [ -x "$CHROMIUM_PATH" ]; then return; fi
  echo "› installing Debian's chromium for the end-to-end tests"
  local sudo=""
  [ "$(id -u)" = "0" ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  [ -x "$CHROMIUM_PATH" ] || { echo "Chromium is not at $CHROMIUM_PATH after installing it." >&2; exit 1; }
}

postgres_ready() {
  node -e '
    const { Client } = require("pg");
    const client = new Client({ connectionString: process.env.TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
    client.connect().then(() => client.end()).then(() => process.exit(0), () => process.exit(1));
  ' 2>/dev/null
}

ensure_postgres() {
  # `pg` lives in the api package; resolve it from there.
  if (cd apps/api && postgres_ready); then return; fi
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    local version
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    echo "› starting the local PostgreSQL ${version} cluster"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 30); do
      if (cd apps/api && postgres_ready); then return; fi
      sleep 1
    done
  fi
  echo "PostgreSQL is not reachable at ${TEST_DATABASE_URL}." >&2
  echo "Start it, or point TEST_DATABASE_URL at a server where the user may create databases." >&2
  exit 1
}

ensure_pnpm
install_workspace
ensure_chromium
ensure_postgres

echo "› typecheck"
pnpm --silent typecheck
echo "› lint"
pnpm exec biome check .
build_if_stale

echo "› unit and integration tests"
pnpm exec vitest run
echo "› end-to-end tests"
pnpm --filter @bok/e2e test
