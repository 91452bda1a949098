/**
 * Issue 15: messages reach a person on whichever node holds their socket. Two server nodes share a private PostgreSQL
 * database (DATABASE_URL), the keys and a private Redis (REDIS_URL), as a cluster's nodes do; the helper's socket is on node A, the sharer's on node B. They pair with a code redeemed
 * through B, signalling crosses from B to A, and the sharer hears the helper come and go on A.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiCaller } from '../support/api-caller.ts';
import { signInPeople } from '../support/dev-sign-in.ts';
import { createDatabase, type PostgresServer, startPostgres } from '../support/postgres.ts';
import { type RedisProcess, startRedis } from '../support/redis.ts';
import { openAuthenticatedSocket, type TestSocket } from '../support/socket-client.ts';
import { startTestNodes, type TestNodes } from '../support/test-nodes.ts';

let redis: RedisProcess;
let postgres: PostgresServer;
let cluster: TestNodes;
const tokens: Record<string, string> = {};
const sockets: TestSocket[] = [];
const [A, B] = [0, 1];
const origin = (i: number) => cluster.nodes[i]?.origin ?? '';
const via = (i: number) => makeApiCaller(() => origin(i), tokens);
const connect = async (node: number, who: string) => {
  const socket = await openAuthenticatedSocket(origin(node), tokens[who] ?? '');
  sockets.push(socket);
  return socket;
};

beforeAll(async () => {
  [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  cluster = await startTestNodes(2, { REDIS_URL: redis.url, DATABASE_URL: await createDatabase(postgres.url) });
  Object.assign(tokens, await signInPeople(origin(A), ['alex', 'adele']));
}, 60_000);
afterAll(async () => {
  for (const s of sockets) s.ws.close();
  await cluster?.close();
  await Promise.all([redis?.stop(), postgres?.stop()]);
});

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

describe('delivery across nodes', () => {
  it('pairs a helper on node A with a sharer on node B, relays signalling from B to A, and tells presence', async () => {
    const helper = await connect(A, 'alex');
    const sharer = await connect(B, 'adele');
    const { code } = (await (await via(A).api('alex', 'POST', '/api/codes')).json()) as { code: string };
    const redeemed = await via(B).api('adele', 'POST', '/api/codes/redeem', { code });
    expect(redeemed.status).toBe(200);
    // The helper's app hears of the pairing on node A, though it happened on node B.
    const paired = await helper.next((m) => m.type === 'session.paired');
    expect(paired).toMatchObject({ type: 'session.paired', code });
    if (paired.type !== 'session.paired') throw new Error('unreachable');
    const sessionId = paired.session.id;
    expect((await sharer.next((m) => m.type === 'session.paired')).type).toBe('session.paired');

    // Signalling from the sharer (node B, which holds the session) to the helper (node A), timed end to end:
    // client → B → Redis → A → client. Printed, not asserted (the target is p99 < 10 ms).
    const times: number[] = [];
    // Well within the socket's burst allowance (40 frames), so no frame here meets its rate limit.
    for (let i = 0; i < 30; i++) {
      const sent = performance.now();
      sharer.sendRaw(
        JSON.stringify({
          type: 'session.signal',
          sessionId,
          peer: 0,
          data: { type: 'candidate', candidate: { candidate: `candidate:${i} 1 udp 1 127.0.0.1 ${i} typ host` } },
        }),
      );
      const got = await helper.next((m) => m.type === 'session.signal');
      times.push(performance.now() - sent);
      expect(got).toMatchObject({
        sessionId,
        data: { candidate: { candidate: `candidate:${i} 1 udp 1 127.0.0.1 ${i} typ host` } },
      });
    }
    times.sort((x, y) => x - y);
    console.log(
      `cross-node signal relay (ws → node B → Redis → node A → ws, ${times.length} frames): p50 ${percentile(times, 0.5)?.toFixed(2)} ms, p90 ${percentile(times, 0.9)?.toFixed(2)} ms, max ${times.at(-1)?.toFixed(2)} ms`,
    );

    // And the other way: node A does not run the session, so it forwards what the helper sends to node B, which
    // does, and the sharer gets it there.
    helper.sendRaw(
      JSON.stringify({ type: 'session.signal', sessionId, peer: 0, data: { type: 'offer', sdp: 'v=0 helper' } }),
    );
    expect(await sharer.next((m) => m.type === 'session.signal' || m.type === 'error')).toMatchObject({
      type: 'session.signal',
      sessionId,
      data: { type: 'offer', sdp: 'v=0 helper' },
    });
    // A negotiation event the same way, let through by B's rules and answered across.
    helper.sendRaw(JSON.stringify({ type: 'session.event', sessionId, event: { type: 'mode.request', mode: 'view' } }));
    expect(await sharer.next((m) => m.type === 'session.event' || m.type === 'error')).toMatchObject({
      type: 'session.event',
      sessionId,
      from: 'helper',
    });

    // The helper's last socket (on A) closes: node B, holding the session, tells the sharer; then the helper is back.
    helper.ws.close();
    expect(await sharer.next((m) => m.type === 'session.presence')).toEqual({
      type: 'session.presence',
      sessionId,
      online: false,
    });
    const back = await connect(A, 'alex');
    expect(await sharer.next((m) => m.type === 'session.presence')).toEqual({
      type: 'session.presence',
      sessionId,
      online: true,
    });
    // And a session event from the sharer reaches the helper's new socket on A.
    sharer.sendRaw(JSON.stringify({ type: 'session.leave', sessionId }));
    expect(await back.next((m) => m.type === 'session.ended')).toMatchObject({ type: 'session.ended', sessionId });
  });

  it('is ready only while Redis is reachable', async () => {
    for (const node of cluster.nodes) expect(node.app.readiness.isReady()).toBe(true);
    const res = await fetch(`${origin(A)}/readyz`);
    expect(res.status).toBe(200);
  });
});
