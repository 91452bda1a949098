/**
 * A sharer's real desktop for the full-control tests: a virtual X display (Xvfb), the control agent on it, and the
 * sharer's Chromium shown on it full screen, sharing that entire screen. The helper's browser stays headless.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from '@playwright/test';
import { startXvfb } from '../agent/test-support/xvfb.ts';
import { CHROMIUM_BASE_ARGS, findChromium } from './browser-path.ts';

export const SCREEN = { width: 1280, height: 800 };

export interface Desktop {
  display: string;
  browser: Browser;
  /** The file the agent's sign-out command creates. */
  signOutMarker: string;
  close(): Promise<void>;
}

/** Resolves once `ready` says so about the process's standard output; rejects if the process ends first. */
export function untilOutput(child: ChildProcess, ready: (text: string) => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (ready(text)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}) before it was ready: ${text}`)));
  });
}

export async function startDesktop(number: number, appOrigin: string, agentPort: number): Promise<Desktop> {
  const display = `:${number}`;
  const work = mkdtempSync(join(tmpdir(), 'remote-help-desktop-'));
  const xvfb = await startXvfb(number, `${SCREEN.width}x${SCREEN.height}x24`);

  const signOutMarker = join(work, 'signed-out');
  const agent = spawn(
    process.execPath,
    [
      'agent/bin/remote-help-agent.js',
      '--app',
      appOrigin,
      '--port',
      String(agentPort),
      '--sign-out',
      'command',
      '--sign-out-command',
      `touch ${signOutMarker}`,
      '--device-file',
      join(work, 'device.json'),
    ],
    { env: { ...process.env, DISPLAY: display }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await untilOutput(agent, (t) => t.includes('listening on'), 'the control agent');

  const browser = await launchSharerBrowser(display);
  return {
    display,
    browser,
    signOutMarker,
    async close() {
      await browser.close();
      agent.kill('SIGTERM');
      await xvfb.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** The sharer's Chromium, shown on the display full screen and sharing that entire screen. */
export function launchSharerBrowser(display: string): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    headless: false,
    env: { ...process.env, DISPLAY: display },
    args: [
      ...CHROMIUM_BASE_ARGS,
      '--auto-select-desktop-capture-source=Entire screen',
      '--window-position=0,0',
      `--window-size=${SCREEN.width},${SCREEN.height}`,
      // The app's window is behind the page the helper works in: it must keep running at full speed.
      '--disable-backgrounding-occluded-windows',
      '--disable-renderer-backgrounding',
      '--disable-background-timer-throttling',
    ],
  });
}

export const signedOut = (desktop: Desktop) => existsSync(desktop.signOutMarker);
