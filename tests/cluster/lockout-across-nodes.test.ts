/** Issue 15: five wrong codes spread over three nodes lock the person out — on every node. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER } from '../fixtures/roster.ts';
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
  Object.assign(tokens, await signInPeople(cluster.nodes[0]?.origin ?? '', ['alex', 'adele', 'diego']));
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

  it('30 wrong codes sent at once over three nodes are held to five guesses: the rest wait their turn', async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const { api, errorCode } = via(i % 3);
        return errorCode(
          await api('diego', 'POST', '/api/codes/redeem', { code: `xxxxxx${String(i).padStart(2, '0')}` }),
        );
      }),
    );
    const counts: Record<string, number> = {};
    for (const a of answers) counts[a] = (counts[a] ?? 0) + 1;
    // The fifth wrong guess is answered with the lock-out it completes.
    expect(counts).toEqual({ code_unknown: 4, redeem_locked: 26 });
    const failures = await cluster.nodes[0]?.app.db
      .selectFrom('redeem_failures')
      .innerJoin('users', 'users.id', 'redeem_failures.user_id')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('users.email', '=', ROSTER.diego.email)
      .executeTakeFirstOrThrow();
    expect(Number(failures?.n)).toBe(5);
  });
});
