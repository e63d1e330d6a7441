import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig, type Flags, type Result } from 'lighthouse';

export type Preset = 'mobile' | 'desktop';

export type LighthouseFigures = {
  performance: number;
  accessibility: number;
  bestPractices: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  /** Scripts the page fetched during the load, as transferred. */
  scriptBytes: number;
  scripts: number;
  /** Lighthouse's CPU benchmark of the machine during the run: a typical desktop scores 1,000–2,500. */
  benchmarkIndex: number;
};

/** The flags the issue measured with: Debian's Chromium, headless, nothing phoning home. */
const chromeFlags = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export type Browser = { port: number; close: () => Promise<void> };

export async function launchBrowser(): Promise<Browser> {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    chromeFlags,
  });
  return { port: chrome.port, close: async () => chrome.kill() };
}

/**
 * Lighthouse's performance, accessibility and best-practices audits of one page, with the
 * preset's throttling (mobile: simulated slow 4G and a 4× slower CPU; desktop: light throttling).
 * Each run starts from an empty cache.
 */
export async function audit(
  browser: Browser,
  url: string,
  preset: Preset,
  reportPath?: string,
): Promise<LighthouseFigures> {
  const flags: Flags = {
    port: browser.port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility', 'best-practices'],
  };
  const result = await lighthouse(url, flags, preset === 'desktop' ? desktopConfig : undefined);
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`Lighthouse failed on ${url}: ${lhr.runtimeError.message}`);
  if (reportPath) writeFileSync(reportPath, JSON.stringify(lhr));
  const requests = networkRequests(lhr).filter((request) => request.resourceType === 'Script');
  return {
    performance: score(lhr, 'performance'),
    accessibility: score(lhr, 'accessibility'),
    bestPractices: score(lhr, 'best-practices'),
    lcpMs: lhr.audits['largest-contentful-paint']?.numericValue ?? Number.NaN,
    tbtMs: lhr.audits['total-blocking-time']?.numericValue ?? Number.NaN,
    cls: lhr.audits['cumulative-layout-shift']?.numericValue ?? Number.NaN,
    scriptBytes: requests.reduce((sum, request) => sum + (request.transferSize ?? 0), 0),
    scripts: requests.length,
    benchmarkIndex: lhr.environment.benchmarkIndex,
  };
}

/** Runs `audit` `runs` times and keeps the run with the median performance score. */
export async function medianAudit(
  browser: Browser,
  url: string,
  preset: Preset,
  runs: number,
  reportDir?: string,
  label = 'page',
): Promise<LighthouseFigures> {
  const results: LighthouseFigures[] = [];
  for (let run = 0; run < runs; run++) {
    const reportPath = reportDir ? join(reportDir, `${label}-${preset}-${run + 1}.json`) : undefined;
    results.push(await withRetries(() => audit(browser, url, preset, reportPath)));
  }
  results.sort((a, b) => a.performance - b.performance);
  return results[Math.floor(results.length / 2)]!;
}

/** Lighthouse sometimes loses a trace on a busy machine (NO_NAVSTART, NO_FCP); such a run is run again. */
async function withRetries<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts) throw error;
      console.warn(`${error instanceof Error ? error.message : String(error)}: running it again`);
    }
  }
}

function score(lhr: Result, category: string): number {
  const value = lhr.categories[category]?.score;
  return value === null || value === undefined ? Number.NaN : Math.round(value * 100);
}

type NetworkRequest = { url: string; resourceType?: string; transferSize?: number };

function networkRequests(lhr: Result): NetworkRequest[] {
  const details = lhr.audits['network-requests']?.details;
  return details && details.type === 'table' ? (details.items as NetworkRequest[]) : [];
}
