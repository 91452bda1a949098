/**
 * Issue 15: what the nodes share in Redis — the HTTP rate limits' counters, and news of administration changes — and
 * what happens when Redis goes away mid-test: readiness off and clear refusals (503 service_unavailable, nothing let
 * through unchecked), then, once Redis is back on its port, service as before.
 */
import { DEFAULT_TENANT_SETTINGS } from '@remote-help/protocol/settings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiCaller } from '../support/api-caller.ts';
import { signInPeople } from '../support/dev-sign-in.ts';
import { type RedisProcess, startRedis } from '../support/redis.ts';
import { startTestNodes, type TestNodes } from '../support/test-nodes.ts';

let redis: RedisProcess;
let cluster: TestNodes;
const tokens: Record<string, string> = {};
const origin = (i: number) => cluster.nodes[i]?.origin ?? '';
const via = (i: number) => makeApiCaller(() => origin(i), tokens);
const [A, B] = [0, 1];
const ready = async (node: number) => (await fetch(`${origin(node)}/readyz`)).status;

beforeAll(async () => {
  redis = await startRedis({ own: true });
  cluster = await startTestNodes(2, { REDIS_URL: redis.url, RATE_LIMIT_PER_MINUTE: '1000' });
  Object.assign(tokens, await signInPeople(origin(A), ['alex', 'diego', 'isaiah']));
}, 60_000);
afterAll(async () => {
  await cluster?.close();
  await redis?.stop();
});

describe('rate limits and Redis outages across nodes', () => {
  it('counts one allowance for a client across the nodes it is spread over', async () => {
    const remaining: number[] = [];
    for (const node of [A, B, A, B, B, A]) {
      const res = await via(node).api('alex', 'GET', '/api/me');
      expect(res.status).toBe(200);
      remaining.push(Number(res.headers.get('x-ratelimit-remaining')));
    }
    const first = remaining[0] ?? 0;
    expect(remaining).toEqual([0, 1, 2, 3, 4, 5].map((i) => first - i));
  });

  it('Redis stopped: readiness off and 503 service_unavailable; Redis back: service and invalidations resume', async () => {
    const port = new URL(redis.url).port;
    await redis.stop('SIGKILL');
    await expect.poll(() => ready(A)).toBe(503);
    await expect.poll(() => ready(B)).toBe(503);
    const reasons = ((await (await fetch(`${origin(A)}/readyz`)).json()) as { reasons: Record<string, string> })
      .reasons;
    expect(Object.values(reasons).join(' ')).toMatch(/Redis/);

    for (const [node, method, path, body] of [
      [A, 'GET', '/api/me', undefined],
      [B, 'POST', '/api/codes/redeem', { code: 'zzzzzzzz' }],
      [A, 'PUT', '/api/settings', { ...DEFAULT_TENANT_SETTINGS, chatDisabled: true }],
    ] as const) {
      const res = await via(node).api('isaiah', method, path, body);
      expect(res.status).toBe(503);
      expect(await via(node).errorCode(res)).toBe('service_unavailable');
    }
    // Nothing was counted towards a lock-out, nor changed, while refused.
    const failures = await cluster.nodes[A]?.app.db.selectFrom('redeem_failures').selectAll().execute();
    expect(failures).toEqual([]);

    redis = await startRedis({ port: Number(port) });
    await expect.poll(() => ready(A), { timeout: 10_000 }).toBe(200);
    await expect.poll(() => ready(B), { timeout: 10_000 }).toBe(200);
    expect((await via(A).api('alex', 'GET', '/api/me')).status).toBe(200);
    // Node B caches the settings again, then hears of node A's change.
    const paired = async () => {
      const res = await via(B).redeem('alex', 'diego');
      expect(res.status).toBe(200);
      return ((await res.json()) as { session: { chatDisabled: boolean } }).session.chatDisabled;
    };
    expect(await paired()).toBe(false);
    const saved = await via(A).api('isaiah', 'PUT', '/api/settings', {
      ...DEFAULT_TENANT_SETTINGS,
      chatDisabled: true,
    });
    expect(saved.status).toBe(200);
    await expect.poll(paired).toBe(true);
  });
});
