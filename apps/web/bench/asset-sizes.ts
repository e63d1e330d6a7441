import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export type AssetSize = {
  /** Path under dist, as served: `/assets/index-abc.js`. */
  path: string;
  raw: number;
  gzip: number;
  brotli: number;
  /** Whether the build wrote `.gz` and `.br` files beside it (the sizes are then theirs). */
  precompressed: boolean;
};

/** The build's files (not the precompressed copies), with what each weighs on the wire. */
export function assetSizes(distDir: string): AssetSize[] {
  const sizes: AssetSize[] = [];
  for (const file of walk(distDir)) {
    if (file.endsWith('.gz') || file.endsWith('.br')) continue;
    const content = readFileSync(file);
    const precompressed = existsSync(`${file}.gz`) && existsSync(`${file}.br`);
    sizes.push({
      path: `/${relative(distDir, file).split('\\').join('/')}`,
      raw: content.length,
      gzip: precompressed ? statSync(`${file}.gz`).size : gzipSync(content, { level: 9 }).length,
      brotli: precompressed
        ? statSync(`${file}.br`).size
        : brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      precompressed,
    });
  }
  return sizes.sort((a, b) => b.raw - a.raw);
}

/**
 * The scripts the browser fetches before it can render anything: the entry module of index.html
 * and the modules it imports statically, which Vite lists as `<link rel="modulepreload">`.
 */
export function initialScripts(distDir: string): string[] {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((match) => match[1]!);
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((match) => match[1]!);
  return [...new Set([...scripts, ...preloads])];
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}
