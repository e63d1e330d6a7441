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
# Memory (pnpm bench:reads measures it; keep the bench's copy of these in step): glibc gives every
# thread that allocates (V8's compiler and GC threads, libuv's pool) an arena of its own and keeps
# what they free, and V8 lets its heap grow far past what is alive (about 40 MB) under a crowd of
# requests. Two arenas and a bounded heap keep the API under 250 MB after a registration burst and
# a read crowd (about 330 MB without), at the same throughput.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# No allocation-site pretenuring: after a burst V8 would allocate every request's objects in the old
# space (decision 0007, E).
exec node --enable-source-maps --max-old-space-size=160 --max-semi-space-size=8 --no-allocation-site-pretenuring apps/api/dist/server.js
