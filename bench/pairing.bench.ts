/**
 * Pairing benchmark against one server process on loopback: code create → redeem → both sockets notified,
 * then resident memory with 10,000 idle authenticated WebSockets.
 */
import { MAX_SOCKETS_PER_PERSON } from '../server/ws/person-limits.ts';
import { ROSTER } from '../tests/fixtures/roster.ts';
import { devSignIn } from '../tests/support/dev-sign-in.ts';
import { openAuthenticatedSocket, type TestSocket } from '../tests/support/socket-client.ts';
import { addBenchPeople, benchEmail } from './support/bench-directory.ts';
import { pairedWatcher } from './support/paired-watcher.ts';
import { percentile, startServerProcess } from './support/server-process.ts';

const PAIRINGS = 3000;
const CONCURRENCY = 12;
const IDLE_SOCKETS = Number(process.env.BENCH_IDLE_SOCKETS ?? 10_000);

export async function pairingBenchmark(): Promise<void> {
  const server = await startServerProcess(8190, {
    RATE_LIMIT_PER_MINUTE: '100000000',
    REDEEM_FAILURES_PER_ADDRESS: '100000000',
  });
  try {
    const helpers = [ROSTER.alex.email, ROSTER.megan.email, ROSTER.lee.email];
    const sharers = [ROSTER.adele.email, ROSTER.diego.email];
    const helperTokens = await Promise.all(helpers.map((e) => devSignIn(server.origin, e)));
    const sharerTokens = await Promise.all(sharers.map((e) => devSignIn(server.origin, e)));
    const helperSockets = await Promise.all(helperTokens.map((t) => openAuthenticatedSocket(server.origin, t)));
    const sharerSockets = await Promise.all(sharerTokens.map((t) => openAuthenticatedSocket(server.origin, t)));
    const helperWait = helperSockets.map((s) => pairedWatcher(s.ws));
    const sharerWait = sharerSockets.map((s) => pairedWatcher(s.ws));

    const post = async (path: string, token: string, body?: unknown) => {
      const res = await fetch(`${server.origin}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<Record<string, unknown>>;
    };

    const latencies: number[] = [];
    let next = 0;
    const pairOnce = async (i: number) => {
      const h = i % helpers.length;
      const s = i % sharers.length;
      const { code } = (await post('/api/codes', helperTokens[h] ?? '')) as { code: string };
      const started = performance.now();
      const redeemed = post('/api/codes/redeem', sharerTokens[s] ?? '', { code });
      const { session } = (await redeemed) as { session: { id: string } };
      await Promise.all([helperWait[h]?.(session.id), sharerWait[s]?.(session.id)]);
      latencies.push(performance.now() - started);
    };
    // Warm up the JIT and the connection pool before measuring.
    for (let i = 0; i < 100; i++) await pairOnce(i);
    latencies.length = 0;
    const cpu0 = server.cpuSeconds();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < PAIRINGS) await pairOnce(next++);
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const serverCpu = server.cpuSeconds() - cpu0;
    latencies.sort((a, b) => a - b);
    for (const s of [...helperSockets, ...sharerSockets]) s.ws.close();

    // A person may hold MAX_SOCKETS_PER_PERSON sockets, so the idle sockets belong to enough people of their own.
    const people = Math.ceil(IDLE_SOCKETS / MAX_SOCKETS_PER_PERSON);
    await addBenchPeople(server, people);
    const idleTokens: string[] = [];
    for (let i = 0; i < people; i += 10) {
      const batch = Array.from({ length: Math.min(10, people - i) }, (_, j) =>
        devSignIn(server.origin, benchEmail(i + j)),
      );
      idleTokens.push(...(await Promise.all(batch)));
    }
    const rssBefore = server.rssMiB();
    const idle: TestSocket[] = [];
    for (let i = 0; i < IDLE_SOCKETS; i += 250) {
      const batch = Math.min(250, IDLE_SOCKETS - i);
      idle.push(
        ...(await Promise.all(
          Array.from({ length: batch }, (_, j) =>
            openAuthenticatedSocket(server.origin, idleTokens[(i + j) % people] ?? ''),
          ),
        )),
      );
    }
    const rssAfter = server.rssMiB();
    for (const s of idle) s.ws.terminate();

    console.log('\n## Pairing (one server process, loopback)');
    console.log(
      `pairings per second            ${(PAIRINGS / seconds).toFixed(0)}   (target ≥ 1000; ${PAIRINGS} pairings, ${CONCURRENCY} at a time)`,
    );
    console.log(
      `server CPU per pairing         ${((serverCpu / PAIRINGS) * 1000).toFixed(2)} ms   (${((serverCpu / seconds) * 100).toFixed(0)}% of one core; the load generator shares the machine)`,
    );
    console.log(`redeem → both notified p50     ${percentile(latencies, 50).toFixed(2)} ms`);
    console.log(`redeem → both notified p99     ${percentile(latencies, 99).toFixed(2)} ms   (target < 50 ms)`);
    console.log(`server RSS before idle sockets ${rssBefore.toFixed(0)} MiB`);
    console.log(`server RSS, ${IDLE_SOCKETS} idle sockets ${rssAfter.toFixed(0)} MiB   (target < 300 MB)`);
    console.log(`per idle socket                ${(((rssAfter - rssBefore) * 1024) / IDLE_SOCKETS).toFixed(1)} KiB`);
  } finally {
    await server.stop();
  }
}
