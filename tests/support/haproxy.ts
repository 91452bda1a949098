/**
 * A real HAProxy in front of a test server, or of a cluster's nodes, on loopback — the way operators deploy the app
 * behind a TLS proxy. It adds X-Forwarded-For and reaches the servers from its own loopback address (`source`), so a
 * server can tell the proxy from the clients, which connect from other loopback addresses (see requestFrom).
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
  pid: number;
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
  const port = await freePort();
  const target = new URL(upstream);
  return runHaproxy(
    port,
    address,
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
}

export interface ClusterProxyOptions {
  /** Listen here; by default a free port. */
  port?: number;
  /** The loopback address the proxy reaches the nodes from (the nodes' TRUST_PROXY). */
  address?: string;
  /** Connections at once (each WebSocket holds two descriptors in HAProxy: the client's and the node's). */
  maxconn?: number;
  /** How often each node's /readyz is checked. */
  checkIntervalMs?: number;
}

/** The name of the cookie that steers a client to one node (clusterProxyConfig). */
export const NODE_COOKIE = 'rh-node';

/**
 * HAProxy's configuration for a cluster, as docs/deployment.md recommends it, on loopback. A node leaves the
 * rotation when its /readyz fails (draining, or its database or Redis unreachable); a connection to a node that has
 * just died is retried on another (`retries` + `redispatch`) before any health check has noticed. A `rh-node=<name>`
 * cookie sends a client to that node while it is up — so a test can put two people on two given nodes through one
 * public origin; without it, or when that node is down, `leastconn` decides, which spreads long-lived sockets.
 */
export function clusterProxyConfig(
  nodes: readonly { name: string; origin: string }[],
  port: number,
  options: ClusterProxyOptions = {},
): string {
  const address = options.address ?? '127.0.0.9';
  const inter = options.checkIntervalMs ?? 500;
  const servers = nodes.map((n) => {
    const { hostname, port: nodePort } = new URL(n.origin);
    return `  server ${n.name} ${hostname}:${nodePort} check`;
  });
  const steering = nodes.map((n) => `  use-server ${n.name} if { req.cook(${NODE_COOKIE}) -m str ${n.name} }`);
  return `global
  maxconn ${options.maxconn ?? 4096}
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  # An upgraded WebSocket is a tunnel: idle for at most this long. Keep it well above the server's ping interval
  # (SOCKET_PING_SECONDS, 20 s), which is what keeps a quiet socket busy.
  timeout tunnel 1h
  timeout client-fin 5s
  # A busy node may take a while to answer its check; a dead one refuses at once.
  timeout check 3s
  # A connection refused by a node that has just died is retried on another node, not answered with a 503.
  retries 3
  option redispatch 1
frontend app
  bind 127.0.0.1:${port}
  option forwardfor
  default_backend nodes
backend nodes
  balance leastconn
  option httpchk GET /readyz
  http-check expect status 200
  default-server inter ${inter} fastinter ${inter} downinter ${inter} fall 2 rise 1
  source ${address}
${steering.join('\n')}
${servers.join('\n')}
`;
}

/** HAProxy in front of a cluster's nodes (clusterProxyConfig). */
export async function startClusterProxy(
  nodes: readonly { name: string; origin: string }[],
  options: ClusterProxyOptions = {},
): Promise<ProxyProcess> {
  const port = options.port ?? (await freePort());
  const address = options.address ?? '127.0.0.9';
  return runHaproxy(port, address, clusterProxyConfig(nodes, port, { ...options, address }));
}

async function runHaproxy(port: number, address: string, configText: string): Promise<ProxyProcess> {
  if (!existsSync(HAPROXY)) throw new Error(`HAProxy is needed at ${HAPROXY} (apt-get install -y haproxy)`);
  const dir = mkdtempSync(join(tmpdir(), 'remote-help-haproxy-'));
  const config = join(dir, 'haproxy.cfg');
  writeFileSync(config, configText);
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
    pid: child.pid ?? 0,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
