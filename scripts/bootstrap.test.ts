/**
 * The README's commands start with scripts/bootstrap.sh. A fresh machine of ours has Node 20 and
 * npm but no pnpm, and its corepack cannot verify pnpm releases; a machine that once ran
 * `corepack enable` also has a broken `pnpm` shim on the PATH. Each case is rebuilt here in a
 * temporary folder: a PATH with every command of this machine but pnpm and corepack, a corepack
 * that fails the way 0.34 does, npm's global prefix in the folder. pnpm comes from npm's cache.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repository = dirname(dirname(fileURLToPath(import.meta.url)));
const pinned = /PNPM_VERSION=(\S+)/.exec(
  execFileSync('cat', [join(repository, 'scripts/bootstrap.sh')], { encoding: 'utf8' }),
)![1]!;
const sandbox = mkdtempSync(join(tmpdir(), 'bok-bootstrap-'));
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

const corepackFailure = `#!/bin/sh
echo "Internal Error: Error when performing the request to https://registry.npmjs.org/pnpm/-/pnpm-${pinned}.tgz; for troubleshooting help, see https://github.com/nodejs/corepack#troubleshooting" >&2
echo "Error: No compatible signature found in package metadata" >&2
exit 1
`;

/** A bin folder with every command on this machine's PATH except pnpm, pnpx and corepack. */
function binWithoutPnpm(name: string, extra: Record<string, string> = {}): string {
  const bin = join(sandbox, name);
  mkdirSync(bin, { recursive: true });
  const seen = new Set(['pnpm', 'pnpx', 'corepack', ...Object.keys(extra)]);
  const path = [dirname(process.execPath), ...(process.env.PATH ?? '').split(delimiter)];
  for (const folder of path) {
    if (!folder || !existsSync(folder) || folder.includes('.tools') || folder.includes('node_modules')) continue;
    for (const entry of readdirSync(folder)) {
      if (seen.has(entry)) continue;
      seen.add(entry);
      symlinkSync(join(folder, entry), join(bin, entry));
    }
  }
  for (const [command, script] of Object.entries(extra)) writeFileSync(join(bin, command), script, { mode: 0o755 });
  return bin;
}

/** A checkout with what the bootstrap reads: the script and package.json (its packageManager). */
function checkout(name: string): string {
  const folder = join(sandbox, name);
  mkdirSync(join(folder, 'scripts'), { recursive: true });
  copyFileSync(join(repository, 'scripts/bootstrap.sh'), join(folder, 'scripts/bootstrap.sh'));
  copyFileSync(join(repository, 'package.json'), join(folder, 'package.json'));
  return folder;
}

/** Runs ensure_pnpm as start.sh and test.sh do, then asks the pnpm it left on the PATH. */
function bootstrap(folder: string, bin: string) {
  const globalPrefix = join(sandbox, 'npm-global');
  const result = spawnSync(
    'bash',
    [
      '-c',
      'set -euo pipefail; source scripts/bootstrap.sh; ensure_pnpm; echo "pnpm=$(command -v pnpm)"; pnpm --version',
    ],
    {
      cwd: folder,
      encoding: 'utf8',
      env: {
        HOME: process.env.HOME,
        PATH: bin,
        npm_config_prefix: globalPrefix,
        npm_config_update_notifier: 'false',
      },
      timeout: 120_000,
    },
  );
  const pnpmPath = /pnpm=(.*)/.exec(result.stdout)?.[1];
  const version = result.stdout.trim().split('\n').at(-1);
  return { ...result, pnpmPath, version, globalPrefix };
}

describe('bootstrap on a machine without a working pnpm', () => {
  it('installs the pinned pnpm into the checkout without corepack, and the next run reuses it', () => {
    const bin = binWithoutPnpm('bin-fresh', { corepack: corepackFailure });
    const folder = checkout('fresh');
    const first = bootstrap(folder, bin);
    expect(first.status, first.stderr).toBe(0);
    expect(first.version).toBe(pinned);
    expect(first.pnpmPath).toBe(join(folder, '.tools/pnpm/node_modules/.bin/pnpm'));
    expect(first.stdout).toContain('installing pnpm');
    // Nothing global: no shim, no package in npm's global prefix.
    expect(existsSync(join(bin, 'pnpm'))).toBe(false);
    expect(existsSync(join(first.globalPrefix, 'bin', 'pnpm'))).toBe(false);

    const second = bootstrap(folder, bin);
    expect(second.status, second.stderr).toBe(0);
    expect(second.version).toBe(pinned);
    expect(second.stdout).not.toContain('installing pnpm');
  }, 180_000);

  it('gets past the broken pnpm shim that `corepack enable` leaves on the PATH', () => {
    const bin = binWithoutPnpm('bin-shim', { corepack: corepackFailure, pnpm: corepackFailure });
    const folder = checkout('shim');
    const result = bootstrap(folder, bin);
    expect(result.status, result.stderr).toBe(0);
    expect(result.version).toBe(pinned);
    expect(result.pnpmPath).toBe(join(folder, '.tools/pnpm/node_modules/.bin/pnpm'));
    // And again: the shim is still there, and the next run works too.
    expect(bootstrap(folder, bin).status).toBe(0);
  }, 180_000);

  it('uses a working pnpm 10 that is already installed, and installs nothing', () => {
    const installed = join(sandbox, 'fresh/.tools/pnpm/node_modules/.bin/pnpm');
    const bin = binWithoutPnpm('bin-installed', { corepack: corepackFailure });
    symlinkSync(installed, join(bin, 'pnpm'));
    const folder = checkout('installed');
    const result = bootstrap(folder, bin);
    expect(result.status, result.stderr).toBe(0);
    expect(result.version).toBe(pinned);
    expect(result.pnpmPath).toBe(join(bin, 'pnpm'));
    expect(existsSync(join(folder, '.tools'))).toBe(false);
  }, 60_000);
});
