/**
 * `npm run bench cluster`: the product as a cluster on this machine (tests/support/cluster.ts: real server processes
 * behind HAProxy, with a private PostgreSQL and Redis). Prints, never asserts:
 * - pairings per second through HAProxy on one node and on three, and the CPU each pairing costs (one machine, two
 *   cores: three nodes share the same cores, so the ratio shows the cost of being a cluster, not its capacity);
 * - a signal's latency from one member's socket to the other's, both on one node and across two nodes;
 * - resident memory and authentication CPU per idle socket;
 * - how long the 10,000 sockets of a SIGKILLed node take to be back on the other nodes, each client reconnecting with
 *   the app's own full-jitter back-off (src/net/reconnect-policy.ts) through the same origin.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServerSocketMessage } from '@remote-help/protocol/socket';
import WebSocket from 'ws';
import { backoffPolicy } from '../src/net/reconnect-policy.ts';
import { ROSTER } from '../tests/fixtures/roster.ts';
import { type Cluster, type ClusterNode, socketsOn, startCluster } from '../tests/support/cluster.ts';
import { devSignIn } from '../tests/support/dev-sign-in.ts';
import { NODE_COOKIE } from '../tests/support/haproxy.ts';
import { addBenchPeople, benchEmail } from './support/bench-directory.ts';
import { pairedWatcher } from './support/paired-watcher.ts';
import { percentile } from './support/server-process.ts';

const PAIRINGS = Number(process.env.BENCH_CLUSTER_PAIRINGS ?? 2000);
const CONCURRENCY = 12;
const SIGNALS = 1000;
const SIGNAL_LANES = 10;
const SIGNAL_PACE_PER_SECOND = 15;
const SOCKETS = Number(process.env.BENCH_CLUSTER_SOCKETS ?? 10_000);
/** A person may hold 20 sockets (server/ws/person-limits.ts). */
const SOCKETS_PER_PERSON = 20;
const HELPERS = [ROSTER.alex.email, ROSTER.megan.email, ROSTER.lee.email];
const SHARERS = [ROSTER.adele.email, ROSTER.diego.email];
/** No HTTP rate limit or address slow-down gets in the way of one load generator on one address. */
const BENCH_ENV = { RATE_LIMIT_PER_MINUTE: '100000000', REDEEM_FAILURES_PER_ADDRESS: '100000000' };

const cookie = (node: string) => ({ cookie: `${NODE_COOKIE}=${node}` });

/** CPU seconds a process has used so far (user + system), from /proc. */
function cpuSecondsOf(pid: number): number {
  // Fields 14 and 15 of /proc/<pid>/stat, after the parenthesised command name, in clock ticks (100 a second).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** HAProxy's and this load generator's CPU seconds: the rest of a pairing's cost on the machine, beside the nodes'. */
function proxyAndClientCpu(cluster: Cluster): { proxy: number; client: number } {
  const usage = process.cpuUsage();
  return { proxy: cpuSecondsOf(cluster.proxy.pid), client: (usage.user + usage.system) / 1e6 };
}

const nodesCpu = (cluster: Cluster) => cluster.nodes.reduce((sum, n) => sum + n.process().cpuSeconds(), 0);

/** A WebSocket through the proxy to `node`, authenticated; resolves once `auth.ok` came. */
function authenticatedSocket(
  cluster: Cluster,
  token: string,
  node?: string,
  origin = cluster.origin,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/ws`, { headers: node ? cookie(node) : {} });
    ws.once('error', reject);
    ws.once('close', () => reject(new Error('closed before auth.ok')));
    ws.once('open', () => ws.send(JSON.stringify({ type: 'auth', token })));
    ws.once('message', (data) => {
      const m = JSON.parse(String(data)) as ServerSocketMessage;
      ws.removeAllListeners('close');
      ws.removeAllListeners('error');
      ws.on('error', () => {});
      if (m.type === 'auth.ok') resolve(ws);
      else {
        ws.terminate();
        reject(new Error(`socket refused: ${JSON.stringify(m)}`));
      }
    });
  });
}

/** Resolves when a socket receives a frame matching `predicate`, or with undefined after `timeoutMs`. */
function frameOn(
  ws: WebSocket,
  predicate: (m: ServerSocketMessage) => boolean,
  timeoutMs = 5000,
): Promise<ServerSocketMessage | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      ws.off('message', listen);
      resolve(undefined);
    }, timeoutMs);
    const listen = (data: WebSocket.RawData) => {
      const m = JSON.parse(String(data)) as ServerSocketMessage;
      if (!predicate(m)) return;
      clearTimeout(timer);
      ws.off('message', listen);
      resolve(m);
    };
    ws.on('message', listen);
  });
}

async function post(cluster: Cluster, node: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${cluster.origin}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...cookie(node),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${path} via ${node}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

interface PairingFigures {
  perSecond: number;
  nodeCpuMs: number;
  proxyCpuMs: number;
  clientCpuMs: number;
  p50: number;
  p99: number;
}

/**
 * Pairings through HAProxy, spread over the nodes: pairing i goes to node i mod N, helper and sharer both on it (each
 * person keeps a socket on every node), so the figure holds whether or not notices cross nodes.
 */
async function pairings(cluster: Cluster): Promise<PairingFigures> {
  const helperTokens = await Promise.all(HELPERS.map((e) => devSignIn(cluster.origin, e)));
  const sharerTokens = await Promise.all(SHARERS.map((e) => devSignIn(cluster.origin, e)));
  const perNode = await Promise.all(
    cluster.nodes.map(async (node) => ({
      node: node.name,
      helpers: await Promise.all(helperTokens.map((t) => authenticatedSocket(cluster, t, node.name))),
      sharers: await Promise.all(sharerTokens.map((t) => authenticatedSocket(cluster, t, node.name))),
    })),
  );
  const watch = (lane: { helpers: WebSocket[]; sharers: WebSocket[] }) => ({
    helpers: lane.helpers.map(pairedWatcher),
    sharers: lane.sharers.map(pairedWatcher),
  });
  const watchers = perNode.map(watch);
  const latencies: number[] = [];
  let next = 0;
  const pairOnce = async (i: number) => {
    const n = i % perNode.length;
    const lane = perNode[n];
    const waits = watchers[n];
    if (!lane || !waits) throw new Error('no node');
    const h = i % HELPERS.length;
    const s = i % SHARERS.length;
    const { code } = (await post(cluster, lane.node, '/api/codes', helperTokens[h] ?? '')) as { code: string };
    const started = performance.now();
    const { session } = (await post(cluster, lane.node, '/api/codes/redeem', sharerTokens[s] ?? '', { code })) as {
      session: { id: string };
    };
    await Promise.all([waits.helpers[h]?.(session.id), waits.sharers[s]?.(session.id)]);
    latencies.push(performance.now() - started);
  };
  for (let i = 0; i < 60; i++) await pairOnce(i);
  latencies.length = 0;
  const cpu0 = nodesCpu(cluster);
  const other0 = proxyAndClientCpu(cluster);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < PAIRINGS) await pairOnce(next++);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const nodeCpu = nodesCpu(cluster) - cpu0;
  const other = proxyAndClientCpu(cluster);
  for (const lane of perNode) for (const ws of [...lane.helpers, ...lane.sharers]) ws.terminate();
  latencies.sort((a, b) => a - b);
  return {
    perSecond: PAIRINGS / seconds,
    nodeCpuMs: (nodeCpu / PAIRINGS) * 1000,
    proxyCpuMs: ((other.proxy - other0.proxy) / PAIRINGS) * 1000,
    clientCpuMs: ((other.client - other0.client) / PAIRINGS) * 1000,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

/**
 * A signal's time from a helper's socket (on `helperNode`) to the sharer's (on `sharerNode`): SIGNAL_LANES sessions
 * at once, each sending its signals one after another at SIGNAL_PACE_PER_SECOND (a socket may send 20 frames a second,
 * server/ws/socket-connection.ts); undefined when the pairing or the signals do not get across at all.
 */
async function signalLatency(
  cluster: Cluster,
  helperNode: string,
  sharerNode: string,
): Promise<{ p50: number; p99: number } | { problem: string }> {
  const helperTokens = await Promise.all(HELPERS.map((e) => devSignIn(cluster.origin, e)));
  const sharerTokens = await Promise.all(SHARERS.map((e) => devSignIn(cluster.origin, e)));
  const times: number[] = [];
  const lane = async (k: number): Promise<string | undefined> => {
    const helperToken = helperTokens[k % HELPERS.length] ?? '';
    const sharerToken = sharerTokens[k % SHARERS.length] ?? '';
    const helper = await authenticatedSocket(cluster, helperToken, helperNode);
    const sharer = await authenticatedSocket(cluster, sharerToken, sharerNode);
    try {
      const { code } = (await post(cluster, helperNode, '/api/codes', helperToken)) as { code: string };
      const helperPaired = pairedWatcher(helper);
      const { session } = (await post(cluster, sharerNode, '/api/codes/redeem', sharerToken, { code })) as {
        session: { id: string };
      };
      const told = await Promise.race([helperPaired(session.id).then(() => true), sleep(5000).then(() => false)]);
      if (!told) return `the helper on ${helperNode} was never told of the pairing`;
      for (let i = 0; i < SIGNALS / SIGNAL_LANES; i++) {
        const candidate = `candidate:${k}-${i} 1 udp 2122260223 127.0.0.1 ${40000 + i} typ host`;
        const arrived = frameOn(
          sharer,
          (m) => m.type === 'session.signal' && m.data.type === 'candidate' && m.data.candidate.candidate === candidate,
          2000,
        );
        const t0 = performance.now();
        helper.send(
          JSON.stringify({
            type: 'session.signal',
            sessionId: session.id,
            peer: 0,
            data: { type: 'candidate', candidate: { candidate, sdpMLineIndex: 0, sdpMid: '0' } },
          }),
        );
        if (!(await arrived)) return `a signal from ${helperNode} never reached ${sharerNode}`;
        times.push(performance.now() - t0);
        // Pacing the load, within the socket's frame budget.
        await sleep(1000 / SIGNAL_PACE_PER_SECOND);
      }
      return undefined;
    } finally {
      helper.terminate();
      sharer.terminate();
    }
  };
  const problems = (await Promise.all(Array.from({ length: SIGNAL_LANES }, (_, k) => lane(k)))).filter(Boolean);
  if (problems[0]) return { problem: problems[0] };
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

/** One client of many: keeps its socket open, and when it drops, comes back as the app does (full jitter). */
class ReconnectingClient {
  ws?: WebSocket;
  /** When the socket was last authenticated (performance.now()). */
  upAt = 0;
  /** Attempts that failed since the last drop, and why (for the figures: what slowed the return). */
  failures = 0;
  reasons = new Map<string, number>();
  private attempt = 0;
  private stopped = false;

  constructor(
    private readonly cluster: Cluster,
    private readonly token: string,
    private readonly node: string,
    /** The balancer this client goes through (one of several in front of the same nodes). */
    private readonly origin: string,
  ) {}

  async open(): Promise<void> {
    this.ws = await authenticatedSocket(this.cluster, this.token, this.node, this.origin);
    this.upAt = performance.now();
    this.attempt = 0;
    this.ws.once('close', () => this.dropped());
  }

  private dropped(): void {
    if (this.stopped) return;
    const wait = backoffPolicy.delay(this.attempt++);
    setTimeout(() => {
      if (this.stopped) return;
      this.open().catch((error: unknown) => {
        this.failures++;
        const reason = String(error instanceof Error ? error.message : error).slice(0, 60);
        this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
        this.dropped();
      });
    }, wait);
  }

  stop(): void {
    this.stopped = true;
    this.ws?.terminate();
  }
}

async function socketsAndNodeLoss(cluster: Cluster, victim: ClusterNode) {
  const people = Math.ceil(SOCKETS / SOCKETS_PER_PERSON);
  await addBenchPeople(cluster, people);
  const tokens: string[] = [];
  const signInStarted = performance.now();
  for (let i = 0; i < people; i += 10) {
    const batch = Array.from({ length: Math.min(10, people - i) }, (_, j) =>
      devSignIn(cluster.origin, benchEmail(i + j)),
    );
    tokens.push(...(await Promise.all(batch)));
  }
  const signInSeconds = (performance.now() - signInStarted) / 1000;

  const rssBefore = victim.process().rssMiB();
  const cpuBefore = victim.process().cpuSeconds();
  const clients = Array.from(
    { length: SOCKETS },
    (_, i) =>
      new ReconnectingClient(
        cluster,
        tokens[i % people] ?? '',
        victim.name,
        cluster.proxies[i % cluster.proxies.length]?.origin ?? cluster.origin,
      ),
  );
  const openStarted = performance.now();
  for (let i = 0; i < clients.length; i += 250) await Promise.all(clients.slice(i, i + 250).map((c) => c.open()));
  const openSeconds = (performance.now() - openStarted) / 1000;
  // Settle: let the node finish its work on the last sockets before reading its memory.
  await sleep(1000);
  const rssAfter = victim.process().rssMiB();
  const authCpuMs = ((victim.process().cpuSeconds() - cpuBefore) / SOCKETS) * 1000;
  const onVictim = await socketsOn(victim);

  const killedAt = performance.now();
  await victim.kill();
  const survivors = cluster.nodes.filter((n) => n !== victim);
  const deadline = killedAt + 120_000;
  let back = 0;
  while (performance.now() < deadline) {
    back = clients.filter((c) => c.upAt > killedAt).length;
    if (back === clients.length) break;
    await sleep(50);
  }
  const returns = clients
    .filter((c) => c.upAt > killedAt)
    .map((c) => c.upAt - killedAt)
    .sort((a, b) => a - b);
  const spread = await Promise.all(survivors.map(async (n) => `${n.name} ${await socketsOn(n)}`));
  const failed = clients.reduce((sum, c) => sum + c.failures, 0);
  const reasons = new Map<string, number>();
  for (const c of clients) for (const [r, n] of c.reasons) reasons.set(r, (reasons.get(r) ?? 0) + n);
  const why = [...reasons]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([r, n]) => `${n}× ${r}`)
    .join('; ');
  for (const c of clients) c.stop();
  return {
    people,
    signInSeconds,
    openSeconds,
    onVictim,
    perSocketKiB: ((rssAfter - rssBefore) * 1024) / SOCKETS,
    rssBefore,
    rssAfter,
    authCpuMs,
    back,
    allBackSeconds: back === clients.length ? (returns.at(-1) ?? Number.NaN) / 1000 : Number.NaN,
    p50: percentile(returns, 50) / 1000,
    p99: percentile(returns, 99) / 1000,
    spread: spread.join(', '),
    failedAttempts: failed,
    why,
  };
}

const f = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

export async function clusterBenchmark(): Promise<void> {
  console.log('\n## Cluster (HAProxy in front, private PostgreSQL and Redis, loopback, one 2-core machine)');
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  // Every figure below shares the machine's cores with whatever else runs on it: say how busy it was.
  console.log(`load average at start              ${load()}`);

  const one = await startCluster({ nodes: 1, engines: true, env: BENCH_ENV });
  let single: PairingFigures;
  try {
    single = await pairings(one);
  } finally {
    await one.stop();
  }

  // Two balancers, half the sockets each: a HAProxy process may hold about 9,000 tunnels here (20,000 descriptors).
  const three = await startCluster({
    nodes: 3,
    engines: true,
    env: BENCH_ENV,
    maxconn: Math.min(9000, SOCKETS / 2 + 1000),
    extraProxies: 1,
  });
  try {
    const triple = await pairings(three);
    console.log(
      `pairings per second, 1 node        ${f(single.perSecond)}   (${PAIRINGS} pairings, ${CONCURRENCY} at a time)`,
    );
    console.log(
      `pairings per second, 3 nodes       ${f(triple.perSecond)}   (×${f(triple.perSecond / single.perSecond, 2)} of 1 node, same two cores)`,
    );
    console.log(
      `server CPU per pairing             ${f(single.nodeCpuMs, 2)} ms on 1 node, ${f(triple.nodeCpuMs, 2)} ms on 3   (×${f(triple.nodeCpuMs / single.nodeCpuMs, 2)})`,
    );
    console.log(
      `HAProxy CPU per pairing            ${f(single.proxyCpuMs, 2)} ms on 1 node, ${f(triple.proxyCpuMs, 2)} ms on 3`,
    );
    console.log(
      `load generator CPU per pairing     ${f(single.clientCpuMs, 2)} ms on 1 node, ${f(triple.clientCpuMs, 2)} ms on 3   (shares the cores)`,
    );
    console.log(
      `redeem → both told p50 / p99       ${f(single.p50, 1)} / ${f(single.p99, 1)} ms on 1 node, ${f(triple.p50, 1)} / ${f(triple.p99, 1)} ms on 3`,
    );

    const same = await signalLatency(three, 'n1', 'n1');
    const across = await signalLatency(three, 'n1', 'n2');
    const show = (r: Awaited<ReturnType<typeof signalLatency>>) =>
      'problem' in r ? `n/a (${r.problem})` : `${f(r.p50, 2)} / ${f(r.p99, 2)} ms`;
    console.log(`signal latency p50 / p99, one node ${show(same)}   (${SIGNALS} signals, socket to socket)`);
    console.log(`signal latency p50 / p99, n1 → n2  ${show(across)}   (target p99 < 10 ms)`);
    if (!('problem' in same) && !('problem' in across)) {
      console.log(`cross-node / one-node p99          ×${f(across.p99 / same.p99, 2)}`);
    }

    const s = await socketsAndNodeLoss(three, three.node('n1'));
    console.log(
      `sockets on n1                      ${s.onVictim} of ${SOCKETS} (${s.people} people × ${SOCKETS_PER_PERSON}; signed in in ${f(s.signInSeconds, 1)} s, opened in ${f(s.openSeconds, 1)} s)`,
    );
    console.log(`n1 RSS before / after              ${f(s.rssBefore)} / ${f(s.rssAfter)} MiB`);
    console.log(`memory per idle socket             ${f(s.perSocketKiB, 1)} KiB`);
    console.log(`n1 CPU per socket authenticated    ${f(s.authCpuMs, 2)} ms`);
    console.log(
      `n1 SIGKILLed: sockets back         ${s.back} of ${SOCKETS} in ${f(s.allBackSeconds, 1)} s   (p50 ${f(s.p50, 1)} s, p99 ${f(s.p99, 1)} s; target < 10 s, session grace 30 s)`,
    );
    console.log(`where they went                    ${s.spread}`);
    console.log(`failed reconnection attempts       ${s.failedAttempts}${s.why ? ` (${s.why})` : ''}`);
    console.log(`load average at end                ${load()}`);
  } finally {
    await three.stop();
  }
}
