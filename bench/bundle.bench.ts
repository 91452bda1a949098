/**
 * The production bundle: gzip size of each entry and lazy chunk, what the first screen (sign-in) loads, and
 * Lighthouse-style load figures measured in Chromium on loopback (no Lighthouse runner is installed here).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { CHROMIUM_BASE_ARGS, findChromium } from '../e2e/browser-path.ts';
import { startServerProcess } from './support/server-process.ts';

const DIST = join(import.meta.dirname, '..', 'dist');
const FIRST_SCREEN_TARGET_KB = 170;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const gzipSize = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;

/** The scripts and styles index.html makes the browser fetch before the first screen can render. */
function firstScreenFiles(): string[] {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  return [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1] ?? '');
}

export async function bundleBenchmark(): Promise<void> {
  console.log('\n# Bundle (vite build, gzip -9)');
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
  const assets = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js') || f.endsWith('.css'));
  const first = new Set(firstScreenFiles());
  const rows = assets
    .map((f) => ({
      file: `assets/${f}`,
      raw: statSync(join(DIST, 'assets', f)).size,
      gz: gzipSize(join(DIST, 'assets', f)),
    }))
    .sort((a, b) => b.gz - a.gz);
  const catalogues = rows.filter((r) => /\/(?:[a-z]{2}|sr-Latn|zh-Hans|zh-Hant)-[\w-]+\.js$/.test(r.file));
  for (const r of rows) {
    if (catalogues.includes(r)) continue;
    const kind = first.has(r.file) ? 'first screen' : 'lazy';
    console.log(`  ${r.file.padEnd(48)} ${kind.padEnd(13)} ${kb(r.raw).padStart(10)} raw ${kb(r.gz).padStart(9)} gzip`);
  }
  const catalogueGz = catalogues.map((c) => c.gz);
  console.log(
    `  ${catalogues.length} language catalogues, lazy: ${kb(Math.min(...catalogueGz))}–${kb(Math.max(...catalogueGz))} gzip each`,
  );
  const sw = join(DIST, 'sw.js');
  console.log(`  service worker sw.js: ${kb(gzipSize(sw))} gzip`);
  const firstJs = rows.filter((r) => first.has(r.file) && r.file.endsWith('.js')).reduce((s, r) => s + r.gz, 0);
  const firstCss = rows.filter((r) => first.has(r.file) && r.file.endsWith('.css')).reduce((s, r) => s + r.gz, 0);
  console.log(
    `  first screen JavaScript (incl. MSAL): ${kb(firstJs)} gzip (target ≤ ${FIRST_SCREEN_TARGET_KB} kB: ${firstJs / 1024 <= FIRST_SCREEN_TARGET_KB ? 'met' : 'NOT met'}); CSS ${kb(firstCss)} gzip`,
  );

  console.log('\n# First load of the sign-in screen (Chromium, loopback, no throttling, cold cache; median of 5)');
  const server = await startServerProcess(8192);
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_BASE_ARGS });
  try {
    const samples: { fcp: number; lcp: number; ready: number; bytes: number }[] = [];
    for (let i = 0; i < 5; i += 1) {
      const context = await browser.newContext({ serviceWorkers: 'block' });
      const page = await context.newPage();
      await page.goto(server.origin);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      const figures = await page.evaluate(`(async () => {
        const lcp = await new Promise((resolve) => {
          new PerformanceObserver((list) => {
            const entries = list.getEntries();
            resolve(entries[entries.length - 1].startTime);
          }).observe({ type: 'largest-contentful-paint', buffered: true });
        });
        const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0;
        const bytes = performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
          .reduce((sum, e) => sum + (e.transferSize || 0), 0);
        return { fcp, lcp, ready: performance.now(), bytes };
      })()`);
      samples.push(figures as { fcp: number; lcp: number; ready: number; bytes: number });
      await context.close();
    }
    const median = (k: 'fcp' | 'lcp' | 'ready' | 'bytes') => {
      const sorted = samples.map((s) => s[k]).sort((a, b) => a - b);
      return sorted[Math.floor(sorted.length / 2)] ?? 0;
    };
    console.log(
      `  first contentful paint ${median('fcp').toFixed(0)} ms, largest contentful paint ${median('lcp').toFixed(0)} ms, Sign in usable ${median('ready').toFixed(0)} ms, ${kb(median('bytes'))} transferred`,
    );
  } finally {
    await browser.close();
    await server.stop();
  }
}
