/**
 * Public-page benchmark (`pnpm bench:web`, which builds first).
 *
 * Serves the production build with the built server (apps/api/dist/server.js) on a free port with a
 * fresh embedded database, then prints:
 *   1. every file of apps/web/dist with its size raw, gzipped and brotli-compressed (the build's own
 *      `.gz`/`.br` copies when it wrote them), what the server sent for `Accept-Encoding: br` and
 *      `gzip`, and the total of the scripts needed before the first render;
 *   2. Lighthouse (performance, accessibility, best practices, LCP, TBT, CLS) for the network page
 *      and the seeded open meeting's page, with the mobile and the desktop preset.
 *
 * Options (env): BENCH_RUNS (3: Lighthouse runs per page and preset, the median by performance is
 * shown), BENCH_REPORT_DIR (keep each run's Lighthouse JSON there), CHROME_PATH (/usr/bin/chromium).
 * Targets from the issue: performance ≥ 90 mobile / ≥ 95 desktop, CLS < 0.05, a11y and best
 * practices 100, initial JS ≤ 130 KB gzipped; misses are marked and make the exit code 1.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { meetingSummarySchema } from '@bok/shared/meetings';
import { z } from 'zod';
import { assetSizes, initialScripts } from './asset-sizes';
import { type LighthouseFigures, launchBrowser, medianAudit, type Preset } from './lighthouse-run';
import { fetchRaw, startBuiltServer } from './serve';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const distDir = fileURLToPath(new URL('../dist', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 3);
const reportDir = process.env.BENCH_REPORT_DIR;

const targets = { initialJsGzip: 130 * 1024, performance: { mobile: 90, desktop: 95 }, cls: 0.05 };
/** What a browser gets compressed; images like PNG are compressed already. */
const textAsset = /\.(js|mjs|css|html|svg|json|webmanifest|txt|xml|map|ico)$/;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mark = (ok: boolean) => (ok ? '✓' : '✗');

function table(head: string[], rows: string[][]): string {
  const widths = head.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | ')} |`;
  return [line(head), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function servedEncoding(url: string, acceptEncoding: string): Promise<string> {
  const response = await fetchRaw(url, acceptEncoding);
  const encoding = String(response.headers['content-encoding'] ?? 'identity');
  const vary = String(response.headers.vary ?? '').toLowerCase();
  return `${response.status} ${encoding}${vary.includes('accept-encoding') ? '' : ' (no Vary)'}`;
}

async function openMeetingSlug(origin: string): Promise<string> {
  const network = z
    .object({ upcomingMeetings: z.array(meetingSummarySchema) })
    .parse(await (await fetch(`${origin}/api/v1/network`)).json());
  const meeting = network.upcomingMeetings.find((candidate) => candidate.registrationState === 'open');
  if (!meeting) throw new Error('the seeded data has no meeting open for registration');
  return meeting.slug;
}

async function main() {
  let ok = true;
  const server = await startBuiltServer(repoRoot);
  try {
    // 1. Sizes, and what the server actually sends.
    const sizes = assetSizes(distDir);
    const rows: string[][] = [];
    for (const asset of sizes) {
      const text = textAsset.test(asset.path);
      const url = `${server.origin}${asset.path}`;
      const br = text ? await servedEncoding(url, 'br, gzip') : '';
      const gz = text ? await servedEncoding(url, 'gzip') : '';
      if (text && !(br.startsWith('200 br') && !br.includes('no Vary') && gz.startsWith('200 gzip'))) ok = false;
      rows.push([asset.path, kb(asset.raw), kb(asset.gzip), kb(asset.brotli), br, gz]);
    }
    // The SPA fallback serves index.html for client routes: it must be compressed too.
    const fallback = `${server.origin}/arkiv`;
    rows.push([
      '(SPA fallback /arkiv)',
      '',
      '',
      '',
      await servedEncoding(fallback, 'br, gzip'),
      await servedEncoding(fallback, 'gzip'),
    ]);
    const totals = sizes.reduce(
      (sum, asset) => ({ raw: sum.raw + asset.raw, gzip: sum.gzip + asset.gzip, brotli: sum.brotli + asset.brotli }),
      { raw: 0, gzip: 0, brotli: 0 },
    );
    const js = sizes.filter((asset) => asset.path.endsWith('.js'));
    const jsTotals = js.reduce(
      (sum, asset) => ({ raw: sum.raw + asset.raw, gzip: sum.gzip + asset.gzip, brotli: sum.brotli + asset.brotli }),
      { raw: 0, gzip: 0, brotli: 0 },
    );
    const initial = new Set(initialScripts(distDir));
    const initialJs = sizes.filter((asset) => initial.has(asset.path));
    const initialTotals = initialJs.reduce(
      (sum, asset) => ({ raw: sum.raw + asset.raw, gzip: sum.gzip + asset.gzip, brotli: sum.brotli + asset.brotli }),
      { raw: 0, gzip: 0, brotli: 0 },
    );
    const initialOk = initialTotals.gzip <= targets.initialJsGzip;
    ok &&= initialOk;
    rows.push(['all files', kb(totals.raw), kb(totals.gzip), kb(totals.brotli), '', '']);
    rows.push(['all JavaScript', kb(jsTotals.raw), kb(jsTotals.gzip), kb(jsTotals.brotli), '', '']);
    rows.push([
      `initial-render JS (${initialJs.length} files) ${mark(initialOk)} ≤ ${kb(targets.initialJsGzip)} gz`,
      kb(initialTotals.raw),
      kb(initialTotals.gzip),
      kb(initialTotals.brotli),
      '',
      '',
    ]);
    console.log('\nAssets of apps/web/dist (served: status and Content-Encoding)\n');
    console.log(table(['file', 'raw', 'gzip', 'brotli', 'served for br', 'served for gzip'], rows));
    console.log(`\ninitial-render JS: ${[...initial].join(', ')}`);

    // 2. Lighthouse.
    const pages = [
      { label: 'network', path: '/' },
      { label: 'meeting', path: `/moeder/${await openMeetingSlug(server.origin)}` },
    ];
    if (reportDir) mkdirSync(reportDir, { recursive: true });
    const browser = await launchBrowser();
    const results: { page: string; preset: Preset; figures: LighthouseFigures }[] = [];
    try {
      for (const page of pages) {
        for (const preset of ['mobile', 'desktop'] as const) {
          const figures = await medianAudit(
            browser,
            `${server.origin}${page.path}`,
            preset,
            runs,
            reportDir,
            page.label,
          );
          results.push({ page: page.path, preset, figures });
        }
      }
    } finally {
      await browser.close();
    }
    const lighthouseRows = results.map(({ page, preset, figures }) => {
      const perfOk = figures.performance >= targets.performance[preset];
      const clsOk = figures.cls < targets.cls;
      const rest = figures.accessibility === 100 && figures.bestPractices === 100;
      ok &&= perfOk && clsOk && rest;
      return [
        page,
        preset,
        `${figures.performance} ${mark(perfOk)}`,
        `${figures.accessibility} ${mark(figures.accessibility === 100)}`,
        `${figures.bestPractices} ${mark(figures.bestPractices === 100)}`,
        `${(figures.lcpMs / 1000).toFixed(2)} s`,
        `${Math.round(figures.tbtMs)} ms`,
        `${figures.cls.toFixed(3)} ${mark(clsOk)}`,
        `${kb(figures.scriptBytes)} (${figures.scripts})`,
      ];
    });
    console.log(
      `\nLighthouse (median of ${runs} by performance; targets: perf ≥ 90 mobile / ≥ 95 desktop, CLS < 0.05)\n`,
    );
    console.log(
      table(['page', 'preset', 'perf', 'a11y', 'best pr.', 'LCP', 'TBT', 'CLS', 'JS fetched (files)'], lighthouseRows),
    );
  } finally {
    await server.stop();
  }
  if (!ok) {
    console.log('\nSome targets are missed (✗).');
    process.exitCode = 1;
  }
}

await main();
