/**
 * Starts a private, headless X server (Xvfb) for tests and the injection benchmark, and waits for its socket to
 * appear rather than sleeping a fixed time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, watch } from 'node:fs';

export interface Xvfb {
  /** The display name to pass to the backend, e.g. ':87'. */
  display: string;
  stop(): Promise<void>;
}

const SOCKET_DIR = '/tmp/.X11-unix';

function waitForSocket(path: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      watcher.close();
      clearTimeout(timer);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    };
    const onExit = (code: number | null) => done(new Error(`Xvfb exited (${code}) before it was ready`));
    // Xvfb makes the directory itself if it is missing: then there is nothing to watch yet, so look every 20 ms.
    const check = () => {
      if (existsSync(path)) done();
    };
    const watcher = existsSync(SOCKET_DIR) ? watch(SOCKET_DIR, check) : pollEvery(20, check);
    const timer = setTimeout(() => done(new Error(`Xvfb did not create ${path} in ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', onExit);
    // It may have appeared between spawning and watching.
    if (existsSync(path)) done();
  });
}

function pollEvery(ms: number, check: () => void): { close(): void } {
  const interval = setInterval(check, ms);
  return { close: () => clearInterval(interval) };
}

export async function startXvfb(displayNumber: number, size = '1280x800x24', timeoutMs = 10_000): Promise<Xvfb> {
  const socket = `${SOCKET_DIR}/X${displayNumber}`;
  if (existsSync(socket)) throw new Error(`Display :${displayNumber} is already in use (${socket} exists).`);
  const child = spawn('/usr/bin/Xvfb', [`:${displayNumber}`, '-screen', '0', size, '-nolisten', 'tcp'], {
    stdio: 'ignore',
  });
  try {
    await waitForSocket(socket, child, timeoutMs);
  } catch (e) {
    child.kill('SIGTERM');
    throw e;
  }
  return {
    display: `:${displayNumber}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
