import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { precompressDirectory } from './precompress';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('precompressDirectory', () => {
  it('writes brotli and gzip copies of every text file, in subfolders too, and leaves images alone', async () => {
    dir = mkdtempSync(join(tmpdir(), 'bok-precompress-'));
    mkdirSync(join(dir, 'assets'));
    const script = 'export const greeting = "hej";\n'.repeat(200);
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'index-abc.js'), script);
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(dir, 'photo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));

    await precompressDirectory(dir);

    const js = join(dir, 'assets', 'index-abc.js');
    expect(brotliDecompressSync(readFileSync(`${js}.br`)).toString()).toBe(script);
    expect(gunzipSync(readFileSync(`${js}.gz`)).toString()).toBe(script);
    expect(readFileSync(`${js}.br`).length).toBeLessThan(script.length / 10);
    for (const file of ['index.html', 'favicon.svg']) {
      expect(gunzipSync(readFileSync(join(dir, `${file}.gz`))).toString()).toBe(readFileSync(join(dir, file), 'utf8'));
      expect(brotliDecompressSync(readFileSync(join(dir, `${file}.br`))).toString()).toBe(
        readFileSync(join(dir, file), 'utf8'),
      );
    }
    expect(() => readFileSync(join(dir, 'photo.png.br'))).toThrow(/ENOENT/);
  });
});
