/** Issue 15: five wrong codes spread over three nodes lock the person out — on every node. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiCaller } from '../support/api-caller.ts';
import { signInPeople } from '../support/dev-sign-in.ts';
import { type RedisProcess, startRedis } from '../support/redis.ts';
import { startTestNodes, type TestNodes } from '../support/test-nodes.ts';

let redis: RedisProcess;
let cluster: TestNodes;
const tokens: Record<string, string> = {};
const via = (i: number) => makeApiCaller(() => cluster.nodes[i]?.origin ?? '', tokens);

beforeAll(async () => {
  redis = await startRedis();
  cluster = await startTestNodes(3, { REDIS_URL: redis.url });
  Object.assign(tokens, await signInPeople(cluster.nodes[0]?.origin ?? '', ['alex', 'adele']));
}, 60_000);
afterAll(async () => {
  await cluster?.close();
  await redis?.stop();
});

describe('the redeem lock-out across nodes', () => {
  it('five wrong codes through nodes A, B, C, A, B lock the person out; node C then refuses even a good code', async () => {
    const answers: string[] = [];
    for (const [i, node] of [0, 1, 2, 0, 1].entries()) {
      const { api, errorCode } = via(node);
      const res = await api('adele', 'POST', '/api/codes/redeem', { code: `zzzzzzz${i}` });
      answers.push(await errorCode(res));
    }
    expect(answers).toEqual(['code_unknown', 'code_unknown', 'code_unknown', 'code_unknown', 'redeem_locked']);

    const { api, errorCode, redeem } = via(2);
    const good = await redeem('alex', 'adele');
    expect(good.status).toBe(429);
    expect(await errorCode(good)).toBe('redeem_locked');
    // The helper's own codes are untouched by the sharer's lock-out.
    expect((await api('alex', 'POST', '/api/codes')).status).toBe(201);
  });
});
