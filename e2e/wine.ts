/**
 * A private Wine prefix for the Windows tests: made in a temporary folder, told to be Windows 10 (Node.js refuses
 * older Windows), and removed afterwards. Every wait is bounded; if Wine cannot start, the test fails with what
 * Wine said — there is no skipping.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface WinePrefix {
  prefix: string;
  /** The environment for Wine programs in this prefix (no DISPLAY: the caller adds its own). */
  env: NodeJS.ProcessEnv;
  /** How long the first start (wineboot) took, in ms. */
  bootMs: number;
  /**
   * Starts a Windows program. Its standard output and error go to a file: Node.js under Wine cannot write to a
   * pipe (EBADF on the first write).
   */
  start(program: string, args: readonly string[], env?: NodeJS.ProcessEnv): WineProcess;
  /** Runs a program to its end and returns what it printed. */
  run(program: string, args: readonly string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<string>;
  /** The Windows user's temp folder (%TEMP%), as a Linux path. */
  tempFolder(): Promise<string>;
  /** Ends every program of the prefix (wineserver -k) and removes it. */
  close(): Promise<void>;
}

export interface WineProcess {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr together). */
  output(): string;
}

/** Debian's `wine` (package wine, with wine64 for 64-bit programs) and the prefix's server. */
const WINE = 'wine';
const WINESERVER = 'wineserver';

function exec(program: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(program, args, { env, timeout: timeoutMs, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${program} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Makes the prefix (wineboot) and sets Windows 10. The first start of a fresh prefix takes tens of seconds. */
export async function createWinePrefix(bootTimeoutMs = 180_000): Promise<WinePrefix> {
  const prefix = mkdtempSync(join(tmpdir(), 'remote-help-wine-'));
  const outputs = mkdtempSync(join(tmpdir(), 'remote-help-wine-out-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WINEPREFIX: prefix,
    WINEDEBUG: '-all',
    // No Mono or Gecko: their installers would ask on screen, and nothing here needs them.
    WINEDLLOVERRIDES: 'mscoree,mshtml=',
    DISPLAY: '',
  };
  const started = Date.now();
  try {
    await exec(WINE, ['wineboot', '--init'], env, bootTimeoutMs);
    await exec(WINE, ['reg', 'add', 'HKCU\\Software\\Wine', '/v', 'Version', '/d', 'win10', '/f'], env, 60_000);
  } catch (e) {
    rmSync(prefix, { recursive: true, force: true });
    rmSync(outputs, { recursive: true, force: true });
    throw e;
  }
  const bootMs = Date.now() - started;
  let count = 0;
  const children: ChildProcess[] = [];

  const start = (program: string, args: readonly string[], extra: NodeJS.ProcessEnv = {}): WineProcess => {
    const file = join(outputs, `${count++}.txt`);
    const fd = openSync(file, 'w');
    const child = spawn(WINE, [program, ...args], { env: { ...env, ...extra }, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    children.push(child);
    return { child, output: () => readFileSync(file, 'utf8') };
  };

  return {
    prefix,
    env,
    bootMs,
    start,
    run(program, args, timeoutMs, extra = {}) {
      const { child, output } = start(program, args, extra);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`${program} did not finish in ${timeoutMs} ms: ${output()}`));
        }, timeoutMs);
        child.once('exit', (code) => {
          clearTimeout(timer);
          if (code === 0) resolve(output());
          else reject(new Error(`${program} exited with ${code}: ${output()}`));
        });
      });
    },
    async tempFolder() {
      const windows = (await exec(WINE, ['cmd', '/c', 'echo %TEMP%'], env, 60_000)).trim();
      return (await exec('winepath', ['-u', windows], env, 60_000)).trim();
    },
    async close() {
      for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
      // Already gone when nothing of the prefix runs any more: that is the goal, not an error.
      await exec(WINESERVER, ['-k'], env, 30_000).catch(() => undefined);
      rmSync(prefix, { recursive: true, force: true });
      rmSync(outputs, { recursive: true, force: true });
    },
  };
}
