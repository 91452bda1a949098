/**
 * A private Redis for a test: Debian's redis-server on a free loopback port, in a temporary directory, nothing saved —
 * never the machine's own service at 6379. TEST_REDIS_URL names a server to use instead (then stop() leaves it alone).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './free-port.ts';

export const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';

export interface RedisProcess {
  /** redis://127.0.0.1:port */
  url: string;
  /** Stops the server (SIGKILL when asked: a crash, not a shutdown); the data is gone, there is none on disk. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

/** Answers PING with PONG within a few hundred milliseconds, or false. */
export async function pong(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * `own`: always a private server, whatever TEST_REDIS_URL says — for tests that stop or kill it. `port`: that port (to
 * bring a stopped server back where its clients look for it).
 */
export async function startRedis(options: { port?: number; own?: boolean } = {}): Promise<RedisProcess> {
  const given = options.own || options.port !== undefined ? undefined : process.env.TEST_REDIS_URL;
  if (given) {
    if (!(await pong(given))) throw new Error(`TEST_REDIS_URL=${given} does not answer PING`);
    return { url: given, stop: async () => {} };
  }
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(`redis-server is needed at ${REDIS_SERVER} (apt-get install -y redis-server)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'remote-help-redis-'));
  const port = options.port ?? (await freePort());
  const url = `redis://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (c: string) => {
    output = (output + c).slice(-4096);
  };
  child.stdout?.setEncoding('utf8').on('data', keep);
  child.stderr?.setEncoding('utf8').on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const deadline = Date.now() + 10_000;
  while (!(await pong(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`redis-server did not start on port ${port}: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    url,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
