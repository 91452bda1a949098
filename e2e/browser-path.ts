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
