/**
 * A local cluster on loopback, for Vitest, Playwright, the benchmarks and `npm run cluster`: N real server processes
 * (the prebuilt bundle, server-build.ts) behind a real HAProxy (haproxy.ts), all with the proxy's origin as their
 * PUBLIC_ORIGIN, trusting the proxy's address, sharing one data folder (so their secret keys, the development
 * provider's keys and — without DATABASE_URL — the SQLite file are the same), and, when given, the same PostgreSQL
 * (DATABASE_URL) and Redis (REDIS_URL). Each node can be killed, stopped with SIGTERM, and started again on its port.
 * `stop()` ends everything the cluster started and removes its folders.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';
import { type ProxyProcess, startClusterProxy } from './haproxy.ts';
import { createDatabase, dropDatabase, type PostgresServer, startPostgres } from './postgres.ts';
import { type RedisProcess, startRedis } from './redis.ts';
import { buildServer } from './server-build.ts';
import { type ServerProcess, startServerProcess } from './server-process.ts';

export interface ClusterOptions {
  /** How many server nodes (default 3), named n1, n2, n3… */
  nodes?: number;
  /** Settings for every node (over the cluster's own). */
  env?: Record<string, string>;
  /** Settings for one node, by name. */
  nodeEnv?: Record<string, Record<string, string>>;
  /**
   * Start a private PostgreSQL and Redis (postgres.ts, redis.ts: free ports, temporary folders) for the nodes, unless
   * databaseUrl/redisUrl name ones to use. Without engines and URLs the nodes share one SQLite file and keep
   * everything else in process — each node on its own.
   */
  engines?: boolean;
  /** PostgreSQL for every node (a fresh database is made on it when the cluster starts its own server). */
  databaseUrl?: string;
  /** Redis for every node (needs PostgreSQL). */
  redisUrl?: string;
  /** The proxy's port (the public origin); a free one by default. */
  port?: number;
  /**
   * Each HAProxy's connection limit (raise it for thousands of sockets). A tunnelled socket holds two descriptors in
   * HAProxy, and a process may have 20,000 here (ulimit -Hn, not raisable in this sandbox): about 9,000 at most.
   */
  maxconn?: number;
  /**
   * More HAProxy processes in front of the same nodes, configured alike, as production runs two or more balancers
   * behind one name: for more sockets than one process may hold. Their origins are in `proxies`; the public origin
   * (PUBLIC_ORIGIN, the sign-in issuer) stays the first's.
   */
  extraProxies?: number;
  /** The nodes' log level (default warn). */
  logLevel?: string;
}

export interface ClusterNode {
  name: string;
  /** The node's own origin, bypassing the proxy. */
  origin: string;
  /** Prometheus metrics of this node. */
  metricsOrigin: string;
  /** The running process (a new one after `start`). */
  process(): ServerProcess;
  alive(): boolean;
  /** kill -9, as a crash or a lost machine. */
  kill(): Promise<void>;
  /** SIGTERM: the node drains and exits; resolves with its exit. */
  terminate(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Starts the node again on its port, after a kill or a terminate. */
  start(): Promise<void>;
}

export interface Cluster {
  /** The proxy's origin: what people's browsers use (every node's PUBLIC_ORIGIN). */
  origin: string;
  nodes: ClusterNode[];
  node(name: string): ClusterNode;
  /** The data folder the nodes share. */
  dataDir: string;
  proxy: ProxyProcess;
  /** Every HAProxy in front of the nodes, the first being `proxy`. */
  proxies: ProxyProcess[];
  /** The address the proxy connects from (trusted by the nodes). */
  proxyAddress: string;
  /** What the nodes were given, if anything. */
  databaseUrl?: string;
  redisUrl?: string;
  stop(): Promise<void>;
}

const PROXY_ADDRESS = '127.0.0.9';

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const count = options.nodes ?? 3;
  if (options.redisUrl && !options.databaseUrl && !options.engines) {
    throw new Error('a cluster with Redis needs PostgreSQL too');
  }
  const [bundle, proxyPort] = await Promise.all([buildServer(), options.port ?? freePort()]);
  const origin = `http://127.0.0.1:${proxyPort}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'remote-help-cluster-'));
  const started: ServerProcess[] = [];
  let proxy: ProxyProcess | undefined;
  const extra: ProxyProcess[] = [];
  let postgres: PostgresServer | undefined;
  let ownDatabase: string | undefined;
  let redis: RedisProcess | undefined;

  const stopAll = async () => {
    await Promise.all([proxy?.stop(), ...extra.map((p) => p.stop())]);
    // SIGKILL: the cluster is going away as a whole, there is nobody to drain to.
    await Promise.all(started.map((p) => p.kill()));
    if (ownDatabase) await dropDatabase(ownDatabase).catch(() => {});
    await Promise.all([postgres?.stop(), redis?.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    let databaseUrl = options.databaseUrl;
    let redisUrl = options.redisUrl;
    if (options.engines) {
      [postgres, redis] = await Promise.all([
        databaseUrl ? undefined : startPostgres(),
        redisUrl ? undefined : startRedis(),
      ]);
      if (postgres) databaseUrl = ownDatabase = await createDatabase(postgres.url);
      redisUrl ??= redis?.url;
    }
    const shared: Record<string, string> = {
      PUBLIC_ORIGIN: origin,
      TRUST_PROXY: PROXY_ADDRESS,
      DATA_DIR: dataDir,
      LOG_LEVEL: options.logLevel ?? 'warn',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
      ...options.env,
    };
    const specs = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const name = `n${i + 1}`;
        const [port, metricsPort] = await Promise.all([freePort(), freePort()]);
        const env: Record<string, string> = {
          ...shared,
          NODE_NAME: name,
          METRICS_PORT: String(metricsPort),
          // Each node signs its own checkpoints of the audit chain into its own file.
          AUDIT_CHECKPOINT_FILE: join(dataDir, `audit-checkpoints-${name}.jsonl`),
          ...options.nodeEnv?.[name],
        };
        return { name, port, metricsPort, env };
      }),
    );
    const launch = async (spec: (typeof specs)[number]) => {
      const p = await startServerProcess(spec.env, { port: spec.port, dataDir, bundle });
      started.push(p);
      return p;
    };
    // The first node alone: it migrates the database and makes the shared keys; the others then find them.
    const [first, ...rest] = specs;
    if (!first) throw new Error('a cluster needs at least one node');
    const processes = [await launch(first), ...(await Promise.all(rest.map(launch)))];

    const nodes: ClusterNode[] = specs.map((spec, i) => {
      let current = processes[i] as ServerProcess;
      return {
        name: spec.name,
        origin: `http://127.0.0.1:${spec.port}`,
        metricsOrigin: `http://127.0.0.1:${spec.metricsPort}`,
        process: () => current,
        alive: () => current.alive(),
        kill: () => current.kill(),
        terminate: () => current.terminate(),
        async start() {
          if (current.alive()) throw new Error(`node ${spec.name} is still running`);
          current = await launch(spec);
        },
      };
    });
    proxy = await startClusterProxy(nodes, { port: proxyPort, address: PROXY_ADDRESS, maxconn: options.maxconn });
    for (let i = 0; i < (options.extraProxies ?? 0); i++) {
      extra.push(await startClusterProxy(nodes, { address: PROXY_ADDRESS, maxconn: options.maxconn }));
    }
    const running = proxy;
    return {
      origin,
      nodes,
      node(name) {
        const found = nodes.find((n) => n.name === name);
        if (!found) throw new Error(`no node ${name}`);
        return found;
      },
      dataDir,
      proxy: running,
      proxies: [running, ...extra],
      proxyAddress: PROXY_ADDRESS,
      databaseUrl,
      redisUrl,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The WebSockets open on a node now, from its metrics (which node holds whose socket). */
export async function socketsOn(node: ClusterNode): Promise<number> {
  const text = await (await fetch(`${node.metricsOrigin}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('remote_help_sockets_open'));
  return Number(line?.split(' ').pop() ?? Number.NaN);
}

/** A counter of a node's metrics (summed over its labels, or the one whose labels include `labels`). */
export async function counterOn(node: ClusterNode, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${node.metricsOrigin}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .filter((l) => l.includes(labels))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}
