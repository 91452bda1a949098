/**
 * Starts the Windows program the helper works in (e2e/windows/target-window.ts) under Wine, and reads what it
 * received. It is bundled into one script and run by the same Windows node.exe the agent is built from.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { build } from 'esbuild';
import { windowsKoffiBinary, windowsNodeExe } from '../scripts/build-agent-windows.ts';
import type { WinePrefix } from './wine.ts';

export interface TargetRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TargetState {
  clicks: { id: string; x: number; y: number }[];
  /** The text field's text, read with WM_GETTEXT. */
  text: string;
  cursor: { x: number; y: number };
  foreground: boolean;
  first: TargetRect;
  second: TargetRect;
  field: TargetRect;
}

export interface WindowsTarget {
  state(): Promise<TargetState>;
  close(): void;
}

/** A Linux path as Wine's Windows programs see it (drive Z: is the Linux root). */
export const windowsPath = (path: string) => `Z:${resolve(path).replaceAll('/', '\\')}`;

export const centre = (r: TargetRect) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 });

async function fetchState(port: number): Promise<TargetState> {
  const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5_000) });
  return (await response.json()) as TargetState;
}

export async function startWindowsTarget(
  wine: WinePrefix,
  display: string,
  port: number,
  readyTimeoutMs = 60_000,
): Promise<WindowsTarget> {
  const dir = mkdtempSync(join(tmpdir(), 'remote-help-target-'));
  const script = join(dir, 'target-window.cjs');
  await build({
    entryPoints: [join(import.meta.dirname, 'windows', 'target-window.ts')],
    outfile: script,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    alias: { koffi: join(import.meta.dirname, 'windows', 'target-koffi.ts') },
    logLevel: 'warning',
  });
  const program = wine.start(windowsNodeExe(), [windowsPath(script), String(port)], {
    DISPLAY: display,
    RH_TEST_KOFFI_NODE: windowsPath(windowsKoffiBinary()),
  });
  const close = () => {
    if (program.child.exitCode === null) program.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  // Ready once it answers; it may exit early (a koffi or Wine failure), which is reported with what it printed.
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (program.child.exitCode !== null) {
      close();
      throw new Error(`the Windows target exited (${program.child.exitCode}): ${program.output()}`);
    }
    try {
      await fetchState(port);
      break;
    } catch (e) {
      if (Date.now() > deadline) {
        close();
        throw new Error(`the Windows target did not answer in ${readyTimeoutMs} ms: ${program.output()} (${e})`);
      }
      // Polled, like expect.poll: Wine gives no other sign that the window and its server are up.
      await delay(100);
    }
  }
  return { state: () => fetchState(port), close };
}
