import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium, NO_BROWSER_HELP } from './e2e/browser-path.ts';
import { SERVERS } from './e2e/servers.ts';

const executablePath = findChromium();
if (!executablePath) throw new Error(NO_BROWSER_HELP);

export default defineConfig({
  testDir: 'e2e',
  // Two cores: one worker, each test drives two or three browser contexts of one browser.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: SERVERS.main.origin,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
      args: CHROMIUM_ARGS,
    },
  },
  webServer: Object.values(SERVERS).map((s) => ({
    // A fresh data folder each run: the tests count failures and lock-outs from zero.
    command: [`rm -rf ${s.dataDir}`, 'prepare' in s ? s.prepare : undefined, 'node --import tsx server/main.ts']
      .filter(Boolean)
      .join(' && '),
    url: `${s.origin}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: { PORT: String(s.port), DATA_DIR: s.dataDir, LOG_LEVEL: 'warn', ...s.env },
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
  })),
});
