/**
 * Issue 15: a remote launch sent through one node is answered through another — the request lives where every node
 * reads it (the shared PostgreSQL), and two answers racing on two nodes start one session.
 */
import { enrolledDeviceSchema, enrollmentTokenSchema, launchSchema } from '@remote-help/protocol/devices';
import { redeemResponseSchema } from '@remote-help/protocol/pairing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiCaller } from '../support/api-caller.ts';
import { signInPeople } from '../support/dev-sign-in.ts';
import { type RedisProcess, startRedis } from '../support/redis.ts';
import { openSocket, type TestSocket } from '../support/socket-client.ts';
import { startTestNodes, type TestNodes } from '../support/test-nodes.ts';

let redis: RedisProcess;
let cluster: TestNodes;
const tokens: Record<string, string> = {};
const sockets: TestSocket[] = [];
/** Calls through node A, B or C. */
const via = (i: number) => makeApiCaller(() => cluster.nodes[i]?.origin ?? '', tokens);
const [A, B, C] = [0, 1, 2];

async function enroll(name: string) {
  const { api } = via(A);
  const token = enrollmentTokenSchema.parse(
    await (await api('isaiah', 'POST', '/api/devices/enrollment-tokens')).json(),
  );
  const res = await api('adele', 'POST', '/api/devices/enroll', { token: token.token, name, os: 'Linux' });
  expect(res.status).toBe(201);
  return enrolledDeviceSchema.parse(await res.json());
}

async function connectDevice(node: number, device: { id: string; secret: string }): Promise<TestSocket> {
  const socket = await openSocket(cluster.nodes[node]?.origin ?? '');
  sockets.push(socket);
  socket.sendRaw(JSON.stringify({ type: 'auth', token: tokens.adele, device }));
  expect((await socket.next()).type).toBe('auth.ok');
  return socket;
}

beforeAll(async () => {
  redis = await startRedis();
  cluster = await startTestNodes(3, { REDIS_URL: redis.url });
  Object.assign(tokens, await signInPeople(cluster.nodes[A]?.origin ?? '', ['alex', 'adele', 'isaiah']));
}, 60_000);
afterAll(async () => {
  for (const s of sockets) s.ws.close();
  await cluster?.close();
  await redis?.stop();
});

describe('launch requests across nodes', () => {
  it('a launch sent via node A is accepted via node C, once; a device reconnecting to node B is asked again', async () => {
    const device = await enroll('Reception PC');
    const onA = await connectDevice(A, device);
    const sent = await via(A).api('alex', 'POST', `/api/devices/${device.id}/launch`);
    expect(sent.status).toBe(201);
    const { launchId } = launchSchema.parse(await sent.json());
    expect(await onA.next((m) => m.type === 'launch.request')).toMatchObject({ launchId });

    // The app reloads and its new socket lands on node B: the request is still waiting there.
    onA.ws.close();
    const onB = await connectDevice(B, device);
    expect(await onB.next((m) => m.type === 'launch.request')).toMatchObject({ launchId });

    // Answered twice at once, through B and C: one session, the other answer finds nothing waiting.
    const answers = await Promise.all(
      [B, C].map((n) => via(n).api('adele', 'POST', `/api/launches/${launchId}/accept`, { device })),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([200, 404]);
    const accepted = answers.find((r) => r.status === 200);
    const { session } = redeemResponseSchema.parse(await accepted?.json());
    const sessions = await cluster.nodes[C]?.app.db
      .selectFrom('sessions')
      .select('id')
      .where('device_id', '=', device.id)
      .execute();
    expect(sessions?.map((s) => s.id)).toEqual([session.id]);
    expect(await via(C).errorCode(answers.find((r) => r.status === 404) as Response)).toBe('launch_unknown');
  });
});
