import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { problemSchema } from '@bok/shared/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/test-database';
import { buildApp } from '../app';
import { testConfig } from '../lib/config';

const database = useTestDatabase();
const webRoot = mkdtempSync(join(tmpdir(), 'bok-web-'));
let app: Awaited<ReturnType<typeof buildApp>>;

beforeAll(async () => {
  mkdirSync(join(webRoot, 'assets'));
  // As the build leaves them: each text file with its brotli and gzip copies (vite-plugins/precompress.ts).
  for (const [path, content] of [
    ['index.html', '<!doctype html><title>BoK Møder</title><div id="root"></div>'],
    ['assets/index-abc123.js', 'console.log("app")'],
  ] as const) {
    writeFileSync(join(webRoot, path), content);
    writeFileSync(join(webRoot, `${path}.br`), brotliCompressSync(content));
    writeFileSync(join(webRoot, `${path}.gz`), gzipSync(content));
  }
  app = await buildApp({ prisma: database().prisma, config: testConfig, webRoot });
  app.get('/api/v1/__boom', async () => {
    throw new Error('secret internal detail');
  });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  rmSync(webRoot, { recursive: true, force: true });
});

describe('one process serves the web app and the API', () => {
  it('caches hashed assets for a year and index.html never', async () => {
    const asset = await app.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const index = await app.inject({ url: '/index.html' });
    expect(index.headers['cache-control']).toBe('no-cache');
  });

  it('sends the precompressed copies the browser accepts, pages from the SPA fallback too', async () => {
    for (const url of ['/assets/index-abc123.js', '/index.html', '/moeder/design-thinking-i-praksis']) {
      const br = await app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
      expect(br.statusCode, url).toBe(200);
      expect(br.headers['content-encoding'], url).toBe('br');
      expect(br.headers.vary, url).toContain('accept-encoding');
      expect(brotliDecompressSync(br.rawPayload).toString(), url).toMatch(/console\.log|<div id="root">/);

      const gzip = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
      expect(gzip.headers['content-encoding'], url).toBe('gzip');
      expect(gzip.headers.vary, url).toContain('accept-encoding');
      expect(gunzipSync(gzip.rawPayload).toString(), url).toMatch(/console\.log|<div id="root">/);

      const plain = await app.inject({ url, headers: { 'accept-encoding': 'identity' } });
      expect(plain.headers['content-encoding'], url).toBeUndefined();
      expect(plain.headers.vary, url).toContain('accept-encoding');
    }
    const script = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'br' } });
    expect(script.headers['content-type']).toContain('javascript');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('keeps a strict content security policy on the app, relaxed for Swagger UI only', async () => {
    const page = await app.inject({ url: '/' });
    const policy = String(page.headers['content-security-policy']);
    expect(policy).toContain("script-src 'self'");
    expect(policy).toMatch(/style-src 'self'(;|$)/);
    expect(policy).not.toContain('unsafe-inline');
  });

  it('gives JSON answers the short API set of security headers: nothing may run in, frame or embed them', async () => {
    for (const url of ['/api/v1/themes', '/api/v1/nothing-here']) {
      const response = await app.inject({ url });
      expect(response.headers['content-security-policy'], url).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['x-frame-options'], url).toBe('DENY');
      expect(response.headers['cross-origin-resource-policy'], url).toBe('same-origin');
      expect(response.headers['referrer-policy'], url).toBe('no-referrer');
      // A page's headers (they concern documents) are left off.
      expect(response.headers['x-dns-prefetch-control'], url).toBeUndefined();
      expect(response.headers['cross-origin-opener-policy'], url).toBeUndefined();
    }
    const page = await app.inject({ url: '/' });
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('answers client routes with index.html (SPA fallback)', async () => {
    for (const url of ['/', '/moeder/design-thinking-i-praksis', '/arkiv?page=2']) {
      const response = await app.inject({ url, headers: { accept: 'text/html' } });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toContain('<div id="root">');
    }
  });

  it('answers unknown API routes and missing assets with 404 problem+json, not the page', async () => {
    for (const url of ['/api/v1/nothing-here', '/assets/missing-123.js']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(problemSchema.parse(response.json()).code).toBe('not_found');
    }
    const post = await app.inject({ method: 'POST', url: '/moeder/x' });
    expect(post.statusCode).toBe(404);
  });
});

describe('errors', () => {
  it('hides the details of unexpected errors', async () => {
    const response = await app.inject({ url: '/api/v1/__boom' });
    expect(response.statusCode).toBe(500);
    const body = problemSchema.parse(response.json());
    expect(body.code).toBe('internal');
    expect(response.body).not.toContain('secret internal detail');
  });
});

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document of every public endpoint, with the shared schemas as components', async () => {
    const response = await app.inject({ url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    for (const path of [
      '/api/health',
      '/api/v1/network',
      '/api/v1/meetings',
      '/api/v1/meetings/{id}',
      '/api/v1/themes',
      '/api/v1/libraries',
    ]) {
      expect(document.paths, path).toHaveProperty([path, 'get']);
    }
    expect(document.components.schemas).toHaveProperty('MeetingDetail');
    expect(document.components.schemas).toHaveProperty('Problem');
    expect(document.paths['/api/v1/meetings'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['status', 'from', 'to', 'theme', 'page', 'pageSize']),
    );
  });

  it('is browsable at /api/docs', async () => {
    const response = await app.inject({ url: '/api/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('swagger');
  });

  it('works over plain HTTP: Swagger UI does not rewrite its requests to https', async () => {
    for (const url of ['/api/docs/', '/api/docs/static/swagger-ui.css']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      const policy = String(response.headers['content-security-policy']);
      expect(policy, url).toContain("style-src 'self'");
      expect(policy, url).not.toContain('upgrade-insecure-requests');
    }
  });
});
