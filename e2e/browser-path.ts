/** Finds a Chromium to test with: CHROMIUM_PATH, Debian's package, or Playwright's own download, in that order. */
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const DEBIAN = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'];

export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, ...DEBIAN].filter((p): p is string => Boolean(p));
  const system = candidates.find((p) => existsSync(p));
  if (system) return system;
  try {
    const bundled = chromium.executablePath();
    return existsSync(bundled) ? bundled : undefined;
  } catch {
    return undefined;
  }
}

export const NO_BROWSER_HELP = [
  'No Chromium found for the end-to-end tests. Get one of these:',
  '  - Debian/Ubuntu: sudo apt-get install -y chromium',
  '  - anywhere with internet: npx playwright install chromium',
  '  - or point CHROMIUM_PATH at a Chromium or Chrome binary.',
].join('\n');

/** Flags for Chromium here: no background traffic to a closed network. */
export const CHROMIUM_BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** ...and a synthetic screen for getDisplayMedia, picked without a dialog: no test-only code in the app. */
export const CHROMIUM_ARGS = [
  ...CHROMIUM_BASE_ARGS,
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];
