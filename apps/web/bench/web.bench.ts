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
 * Lighthouse simulates a slow phone from the CPU work it observes, so a busy machine scores lower:
 * the last column is Lighthouse's CPU benchmark of each run (a typical desktop scores 1,000–2,500).
 *
 * Options (env): BENCH_RUNS (3: Lighthouse runs per page and preset, the median by performance is
 * shown; 0 prints the sizes only), BENCH_REPORT_DIR (keep each run's Lighthouse JSON there), CHROME_PATH (/usr/bin/chromium).
 * Targets from the issue: performance ≥ 90 mobile / ≥ 95 desktop, CLS < 0.05, a11y and best
 * practices 100, initial JS ≤ 130 KB gzipped; misses are marked and make the exit code 1.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { meetingSummarySchema } from '@bok/shared/meetings';
import { z } from 'zod';
import { type AssetSize, assetSizes, initialScripts } from './asset-sizes';
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

type Totals = { raw: number; gzip: number; brotli: number };
const sum = (assets: AssetSize[]): Totals =>
  assets.reduce(
    (total, asset) => ({
      raw: total.raw + asset.raw,
      gzip: total.gzip + asset.gzip,
      brotli: total.brotli + asset.brotli,
    }),
    {
      raw: 0,
      gzip: 0,
      brotli: 0,
    },
  );

/** Sizes, and what the server actually sends; false when a target is missed. */
async function reportAssets(origin: string): Promise<boolean> {
  let ok = true;
  const sizes = assetSizes(distDir);
  const rows: string[][] = [];
  for (const asset of sizes) {
    const text = textAsset.test(asset.path);
    const url = `${origin}${asset.path}`;
    const br = text ? await servedEncoding(url, 'br, gzip') : '';
    const gz = text ? await servedEncoding(url, 'gzip') : '';
    if (text && !(br === '200 br' && gz === '200 gzip')) ok = false;
    rows.push([asset.path, kb(asset.raw), kb(asset.gzip), kb(asset.brotli), br, gz]);
  }
  // The SPA fallback serves index.html for client routes: it must be compressed too.
  const fallback = [
    await servedEncoding(`${origin}/arkiv`, 'br, gzip'),
    await servedEncoding(`${origin}/arkiv`, 'gzip'),
  ];
  if (!(fallback[0] === '200 br' && fallback[1] === '200 gzip')) ok = false;
  rows.push(['(SPA fallback /arkiv)', '', '', '', ...fallback]);

  const initial = new Set(initialScripts(distDir));
  const initialTotals = sum(sizes.filter((asset) => initial.has(asset.path)));
  const initialOk = initialTotals.gzip <= targets.initialJsGzip;
  ok &&= initialOk;
  const all = sum(sizes);
  const js = sum(sizes.filter((asset) => asset.path.endsWith('.js')));
  rows.push(['all files', kb(all.raw), kb(all.gzip), kb(all.brotli), '', '']);
  rows.push(['all JavaScript', kb(js.raw), kb(js.gzip), kb(js.brotli), '', '']);
  rows.push([
    `initial-render JS (${initial.size} files) ${mark(initialOk)} ≤ ${kb(targets.initialJsGzip)} gz`,
    kb(initialTotals.raw),
    kb(initialTotals.gzip),
    kb(initialTotals.brotli),
    '',
    '',
  ]);
  console.log('\nAssets of apps/web/dist (served: status and Content-Encoding)\n');
  console.log(table(['file', 'raw', 'gzip', 'brotli', 'served for br', 'served for gzip'], rows));
  console.log(`\ninitial-render JS: ${[...initial].join(', ')}`);
  return ok;
}

/** Lighthouse on both pages with both presets; false when a target is missed. */
async function reportLighthouse(origin: string): Promise<boolean> {
  let ok = true;
  const pages = [
    { label: 'network', path: '/' },
    { label: 'meeting', path: `/moeder/${await openMeetingSlug(origin)}` },
  ];
  if (reportDir) mkdirSync(reportDir, { recursive: true });
  const browser = await launchBrowser();
  const results: { page: string; preset: Preset; figures: LighthouseFigures }[] = [];
  try {
    for (const page of pages) {
      for (const preset of ['mobile', 'desktop'] as const) {
        const figures = await medianAudit(browser, `${origin}${page.path}`, preset, runs, reportDir, page.label);
        results.push({ page: page.path, preset, figures });
      }
    }
  } finally {
    await browser.close();
  }
  const rows = results.map(({ page, preset, figures }) => {
    const perfOk = figures.performance >= targets.performance[preset];
    const clsOk = figures.cls < targets.cls;
    ok &&= perfOk && clsOk && figures.accessibility === 100 && figures.bestPractices === 100;
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
      String(Math.round(figures.benchmarkIndex)),
    ];
  });
  console.log(
    `\nLighthouse (median of ${runs} by performance; targets: perf ≥ 90 mobile / ≥ 95 desktop, CLS < 0.05)\n`,
  );
  console.log(
    table(['page', 'preset', 'perf', 'a11y', 'best pr.', 'LCP', 'TBT', 'CLS', 'JS fetched (files)', 'CPU index'], rows),
  );
  return ok;
}

async function main() {
  const server = await startBuiltServer(repoRoot);
  let ok: boolean;
  try {
    ok = await reportAssets(server.origin);
    if (runs > 0) ok = (await reportLighthouse(server.origin)) && ok;
  } finally {
    await server.stop();
  }
  if (!ok) {
    console.log('\nSome targets are missed (✗).');
    process.exitCode = 1;
  }
}

await main();
