/** Issue 15: retention runs on one node per round — three nodes claim each round through a real private Redis. */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisProcess, startRedis } from '../../tests/support/redis.ts';
import { startRounds } from '../audit/retention.ts';
import { redisRoundClaim } from './redis-leader.ts';

let redis: RedisProcess;
const clients: Redis[] = [];
/** A node's connection, as the server opens it (fail fast), once connected. */
const client = async () => {
  const c = new Redis(redis.url, { maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  c.on('error', () => {});
  clients.push(c);
  await new Promise((ready) => c.once('ready', ready));
  return c;
};

beforeAll(async () => {
  redis = await startRedis({ own: true });
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await redis?.stop();
});

describe('one node per retention round', () => {
  it('of three nodes running rounds on the same clock, one runs each round', async () => {
    const periodMs = 400;
    const runs: { node: string; at: number }[] = [];
    const errors: unknown[] = [];
    const connections = await Promise.all(['a', 'b', 'c'].map(async (node) => ({ node, redis: await client() })));
    const nodes = connections.map(({ node, redis }) =>
      startRounds(
        async () => {
          runs.push({ node, at: performance.now() });
        },
        {
          intervalMs: periodMs,
          claim: redisRoundClaim(redis, 'retention-test', node, periodMs),
          onError: (e) => errors.push(e),
        },
      ),
    );
    await expect.poll(() => runs.length, { timeout: 3_000 }).toBeGreaterThanOrEqual(3);
    await Promise.all(nodes.map((n) => n.stop()));
    expect(errors).toEqual([]);
    // A claim holds for 0.9 of a period: one run per round, so runs are most of a period apart. (Every node running
    // every round would make three runs within a millisecond or two.)
    const gaps = runs.slice(1).map((r, i) => r.at - (runs[i]?.at ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThan(periodMs / 2);
  });

  it('exactly one of three concurrent claims on a round wins; an unreachable Redis grants none', async () => {
    const claims = await Promise.all(
      ['a', 'b', 'c'].map(async (n) => redisRoundClaim(await client(), 'retention-race', n, 60_000)),
    );
    const won = await Promise.all(claims.map((claim) => claim()));
    expect(won.filter(Boolean)).toHaveLength(1);
    const late = claims[0];
    await redis.stop('SIGKILL');
    await expect(late?.() ?? Promise.resolve()).rejects.toThrow();
  });
});
