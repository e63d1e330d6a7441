# Shared by start.sh and test.sh: make pnpm available and the workspace installed and generated.
# Sourced, not run.

PNPM_VERSION=10.34.9

ensure_pnpm() {
  if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null | cut -d. -f1)" = "10" ]; then
    return
  fi
  echo "› installing pnpm ${PNPM_VERSION}"
  if command -v corepack >/dev/null 2>&1 && corepack enable >/dev/null 2>&1 && corepack prepare "pnpm@${PNPM_VERSION}" --activate >/dev/null 2>&1; then
    return
  fi
  npm install --global "pnpm@${PNPM_VERSION}" --no-fund --no-audit >/dev/null
}

install_workspace() {
  echo "› installing dependencies"
  pnpm install --frozen-lockfile --prefer-offline --reporter=append-only | grep -vE '^(Progress|\s*$)' || true
  # pnpm's exit status is lost in the pipe above: check that the install really happened.
  [ -d node_modules/.pnpm ] || { echo "pnpm install failed" >&2; exit 1; }
  echo "› generating the Prisma client"
  pnpm --silent generate
}

# Builds the web app and the server unless nothing they are built from changed since the last build.
build_if_stale() {
  local stamp=.build-stamp
  if [ -f "$stamp" ] && [ -f apps/api/dist/server.js ] && [ -f apps/web/dist/index.html ] && [ -z "$(
    find apps/api/src apps/web packages/shared/src prisma pnpm-lock.yaml \
      \( -name node_modules -o -name dist -o -name generated \) -prune -o -type f -newer "$stamp" -print -quit
  )" ]; then
    echo "› build is up to date"
    return
  fi
  echo "› building the web app and the server"
  pnpm --silent build
  touch "$stamp"
}
