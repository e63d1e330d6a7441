# Shared by start.sh and test.sh: make pnpm available and the workspace installed and generated.
# Sourced, not run, from the repository root.

PNPM_VERSION=10.34.9
# The project's own pnpm, for machines that have none that works. Kept inside the checkout so that
# nothing global changes, and reused by every later run.
LOCAL_PNPM_BIN="$PWD/.tools/pnpm/node_modules/.bin"

# A pnpm we can use: it runs and is a 10.x. A corepack shim that cannot verify its download fails
# here. Another pnpm 10 switches itself to the version in package.json's packageManager (printing
# what it did first), so the version is the last line.
pnpm_usable() {
  local version
  version=$("$1" --version 2>/dev/null | tail -n 1) || return 1
  [ "${version%%.*}" = "10" ]
}

# We never call corepack: on Node 20 its 0.34 cannot verify current pnpm releases, and
# `corepack enable` leaves a `pnpm` shim on the PATH that fails on every later run.
ensure_pnpm() {
  if [ -x "$LOCAL_PNPM_BIN/pnpm" ] && pnpm_usable "$LOCAL_PNPM_BIN/pnpm"; then
    export PATH="$LOCAL_PNPM_BIN:$PATH"
    return
  fi
  if command -v pnpm >/dev/null 2>&1 && pnpm_usable pnpm; then
    return
  fi
  echo "› installing pnpm ${PNPM_VERSION} into .tools/ (the pnpm on this machine is missing or does not work)"
  rm -rf .tools/pnpm
  mkdir -p .tools/pnpm
  # A package of its own so npm does not walk up into the workspace's package.json.
  echo '{ "private": true }' >.tools/pnpm/package.json
  npm install --prefix .tools/pnpm --no-package-lock --no-fund --no-audit --prefer-offline --loglevel=error \
    "pnpm@${PNPM_VERSION}" >/dev/null
  if ! pnpm_usable "$LOCAL_PNPM_BIN/pnpm"; then
    echo "Could not install pnpm ${PNPM_VERSION} with npm into .tools/pnpm." >&2
    exit 1
  fi
  export PATH="$LOCAL_PNPM_BIN:$PATH"
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
