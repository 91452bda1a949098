/**
 * A real HAProxy in front of a test server, on loopback — the way operators deploy the app behind a TLS proxy. It
 * adds X-Forwarded-For and reaches the server from its own loopback address (`source`), so the server can tell the
 * proxy from the clients, which connect from other loopback addresses (see requestFrom).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

export const HAPROXY = process.env.HAPROXY_PATH ?? '/usr/sbin/haproxy';

export interface ProxyProcess {
  origin: string;
  /** The address the proxy connects to the server from. */
  address: string;
  stop(): Promise<void>;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startHaproxy(upstream: string, address = '127.0.0.9'): Promise<ProxyProcess> {
  if (!existsSync(HAPROXY)) throw new Error(`HAProxy is needed at ${HAPROXY} (apt-get install -y haproxy)`);
  const dir = mkdtempSync(join(tmpdir(), 'remote-help-haproxy-'));
  const port = await freePort();
  const target = new URL(upstream);
  const config = join(dir, 'haproxy.cfg');
  writeFileSync(
    config,
    `global
  maxconn 256
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  timeout tunnel 60s
frontend app
  bind 127.0.0.1:${port}
  option forwardfor
  default_backend server
backend server
  source ${address}
  server app ${target.hostname}:${target.port}
`,
  );
  const child: ChildProcess = spawn(HAPROXY, ['-db', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (c: string) => {
    stderr = (stderr + c).slice(-4096);
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const deadline = Date.now() + 10_000;
  while (!(await listening(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`HAProxy did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    origin: `http://127.0.0.1:${port}`,
    address,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
