/**
 * Issue 15: an administrator's change on node A applies to the next session paired on node B, though B cached the
 * directory and the settings before the change.
 */
import { redeemResponseSchema } from '@remote-help/protocol/pairing';
import { DEFAULT_TENANT_SETTINGS } from '@remote-help/protocol/settings';
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
const [A, B] = [0, 1];

async function pairedChatDisabled(node: number): Promise<boolean> {
  const res = await via(node).redeem('alex', 'diego');
  expect(res.status).toBe(200);
  return redeemResponseSchema.parse(await res.json()).session.chatDisabled;
}

beforeAll(async () => {
  redis = await startRedis();
  cluster = await startTestNodes(3, { REDIS_URL: redis.url });
  Object.assign(tokens, await signInPeople(cluster.nodes[A]?.origin ?? '', ['alex', 'diego', 'adele', 'isaiah']));
}, 60_000);
afterAll(async () => {
  await cluster?.close();
  await redis?.stop();
});

describe('administration changes across nodes', () => {
  it('settings changed on node A apply to the next session paired on node B', async () => {
    expect(await pairedChatDisabled(B)).toBe(false);
    const saved = await via(A).api('isaiah', 'PUT', '/api/settings', {
      ...DEFAULT_TENANT_SETTINGS,
      chatDisabled: true,
    });
    expect(saved.status).toBe(200);
    await expect.poll(() => pairedChatDisabled(B)).toBe(true);
  });

  it('a role assigned on node A lets the person give help through node B', async () => {
    // Node B has answered (and cached) that Adele may not give help.
    expect((await via(B).api('adele', 'POST', '/api/codes')).status).toBe(403);
    const assigned = await via(A).api('isaiah', 'POST', '/api/admin/assignments', {
      roleId: 'role-help-desk-operator',
      principal: { type: 'user', id: ROSTER.adele.id },
      scope: 'all',
    });
    expect(assigned.status).toBe(201);
    await expect.poll(async () => (await via(B).api('adele', 'POST', '/api/codes')).status).toBe(201);
  });
});
