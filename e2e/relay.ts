/**
 * A real TURN relay (Debian's coturn) and an app server that sends every connection through it, each on free loopback
 * ports with their own temporary folders, for the relay tests.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Running {
  origin: string;
  /** Everything the process has printed so far. */
  output(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Polls until `ready` holds, failing with the process's output after `timeoutMs` or as soon as it exits. */
async function until(child: ChildProcess, ready: () => Promise<boolean>, what: string, log: () => string) {
  const deadline = Date.now() + 60_000;
  while (!(await ready())) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}): ${log()}`);
    if (Date.now() > deadline) throw new Error(`${what} was not ready within 60 s: ${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function start(command: string, args: string[], env: NodeJS.ProcessEnv, work: string) {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const output = () => text;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(work, { recursive: true, force: true });
  };
  return { child, output, stop };
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

/** coturn with time-limited credentials (the REST API scheme the server mints), UDP and TCP on one port. */
export async function startTurnServer(secret: string): Promise<Running & { port: number }> {
  const port = await freePort();
  const work = mkdtempSync(join(tmpdir(), 'remote-help-turn-'));
  const turn = start(
    'turnserver',
    [
      '-n',
      '--listening-ip=127.0.0.1',
      '--relay-ip=127.0.0.1',
      `--listening-port=${port}`,
      '--use-auth-secret',
      `--static-auth-secret=${secret}`,
      '--realm=remote-help.test',
      // Both browsers run on this machine: their relayed addresses are loopback ones.
      '--allow-loopback-peers',
      '--no-tls',
      '--no-dtls',
      '--no-cli',
      '--fingerprint',
      '--verbose',
      '--log-file=stdout',
      '--simple-log',
      `--userdb=${join(work, 'turndb')}`,
      `--pidfile=${join(work, 'turnserver.pid')}`,
    ],
    process.env,
    work,
  );
  await until(turn.child, () => listening(port), 'turnserver', turn.output);
  return { origin: `turn:127.0.0.1:${port}`, port, output: turn.output, stop: turn.stop };
}

/** The app's server (the built app from dist/) with the given settings, on a free port. */
export async function startAppServer(env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const work = mkdtempSync(join(tmpdir(), 'remote-help-relay-app-'));
  const app = start(
    process.execPath,
    ['--import', 'tsx', 'server/main.ts'],
    { ...process.env, PORT: String(port), DATA_DIR: work, LOG_LEVEL: 'warn', ...env },
    work,
  );
  const origin = `http://127.0.0.1:${port}`;
  const healthy = () =>
    fetch(`${origin}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
  await until(app.child, healthy, 'the app server', app.output);
  return { origin, output: app.output, stop: app.stop };
}
