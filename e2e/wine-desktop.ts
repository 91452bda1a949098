/**
 * A Windows sharer's desktop for the full-control test, on Linux: an X display (Xvfb), a private Wine prefix on
 * it running the Windows build of the agent (remote-help-agent.exe) and a Windows program to work in, and the
 * sharer's Chromium sharing that entire screen. Wine turns the agent's SendInput into real pointer moves on the
 * X display and into window messages for Windows programs, so what the program receives is what Windows would
 * have delivered.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Browser } from '@playwright/test';
import { startXvfb, type Xvfb } from '../agent/test-support/xvfb.ts';
import { buildWindowsAgent } from '../scripts/build-agent-windows.ts';
import { launchSharerBrowser, SCREEN } from './desktop.ts';
import { startWindowsTarget, type WindowsTarget, windowsPath } from './windows-target.ts';
import { createWinePrefix, type WinePrefix, type WineProcess } from './wine.ts';

export interface WineDesktop {
  display: string;
  wine: WinePrefix;
  exe: string;
  browser: Browser;
  target: WindowsTarget;
  agent: WineProcess;
  /** The agent's log file, in the Windows user's temp folder (its default place). */
  agentLog(): string;
  /** How long each part took to start, in ms, for the report. */
  timings: Record<string, number>;
  close(): Promise<void>;
}

/** Resolves once the program has printed `text`; fails if it exits first or the time runs out. */
export async function untilPrinted(program: WineProcess, text: string, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!program.output().includes(text)) {
    if (program.child.exitCode !== null) {
      throw new Error(`${what} exited (${program.child.exitCode}) before printing "${text}": ${program.output()}`);
    }
    if (Date.now() > deadline)
      throw new Error(`${what} did not print "${text}" in ${timeoutMs} ms: ${program.output()}`);
    // Polled: the output goes to a file (Node under Wine cannot write to a pipe), which gives no other signal.
    await delay(100);
  }
}

async function timed<T>(timings: Record<string, number>, name: string, work: Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await work;
  timings[name] = Date.now() - started;
  return result;
}

export async function startWineDesktop(
  number: number,
  appOrigin: string,
  agentPort: number,
  targetPort: number,
): Promise<WineDesktop> {
  const timings: Record<string, number> = {};
  const display = `:${number}`;
  const work = mkdtempSync(join(tmpdir(), 'remote-help-wine-desktop-'));
  // The three slow parts at once: Wine's first start, the Windows build of the agent, and the X server.
  const [wine, exe, xvfb] = await Promise.allSettled([
    timed(timings, 'wineboot', createWinePrefix()),
    timed(timings, 'build', buildWindowsAgent()),
    startXvfb(number, `${SCREEN.width}x${SCREEN.height}x24`),
  ]);
  if (wine.status === 'rejected' || exe.status === 'rejected' || xvfb.status === 'rejected') {
    if (wine.status === 'fulfilled') await wine.value.close();
    if (xvfb.status === 'fulfilled') await xvfb.value.stop();
    rmSync(work, { recursive: true, force: true });
    const failed = [wine, exe, xvfb].find((r): r is PromiseRejectedResult => r.status === 'rejected');
    throw failed?.reason;
  }
  const prefix: WinePrefix = wine.value;
  const x: Xvfb = xvfb.value;
  let browser: Browser | undefined;
  let target: WindowsTarget | undefined;
  try {
    const agent = prefix.start(
      exe.value,
      ['--app', appOrigin, '--port', String(agentPort), '--device-file', windowsPath(join(work, 'device.json'))],
      { DISPLAY: display },
    );
    await timed(timings, 'agent', untilPrinted(agent, 'listening on', 'the Windows agent', 60_000));
    browser = await launchSharerBrowser(display);
    // After the browser, so the program's window is on top (it is also top-most).
    target = await timed(timings, 'target', startWindowsTarget(prefix, display, targetPort));
    const temp = await prefix.tempFolder();
    const openedBrowser = browser;
    const openedTarget = target;
    return {
      display,
      wine: prefix,
      exe: exe.value,
      browser: openedBrowser,
      target: openedTarget,
      agent,
      timings,
      agentLog: () => readFileSync(join(temp, 'remote-help-agent', 'agent.log'), 'utf8'),
      async close() {
        await openedBrowser.close();
        openedTarget.close();
        await prefix.close();
        await x.stop();
        rmSync(work, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await browser?.close();
    target?.close();
    await prefix.close();
    await x.stop();
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
}
