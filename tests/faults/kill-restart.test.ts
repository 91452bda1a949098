/**
 * kill -9 during audited traffic, three times (issue 11): after each restart the audit chain and its checkpoints
 * verify, the live session resumes, a code made before the kill still works, a lock-out still holds, a remote launch
 * waiting for its answer is asked again and can be accepted, a sign-in left half-way finishes, and one made before
 * the kill still refreshes its token.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enrolledDeviceSchema, enrollmentTokenSchema, launchSchema } from '@remote-help/protocol/devices';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAuditKeys } from '../../server/audit/audit-keys.ts';
import { verifyChain } from '../../server/audit/audit-log.ts';
import { verifyCheckpoints } from '../../server/audit/checkpoints.ts';
import { openDatabase } from '../../server/db/database.ts';
import { makeApiCaller } from '../support/api-caller.ts';
import { beginDevSignIn, devSignInTokens, refreshDevToken, signInPeople } from '../support/dev-sign-in.ts';
import { freePort } from '../support/free-port.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';
import { openAuthenticatedSocket, openSocket, type TestSocket } from '../support/socket-client.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'remote-help-kill-'));
const ENV = {
  LOG_LEVEL: 'warn',
  REDEEM_FAILURES_PER_USER: '3',
  // Checkpoints every second, so the kills land between them; no rate limit in the way of the traffic.
  AUDIT_CHECKPOINT_SECONDS: '1',
  RATE_LIMIT_PER_MINUTE: '1000000',
};
let port: number;
let server: ServerProcess;
const tokens: Record<string, string> = {};
const { api, errorCode } = makeApiCaller(() => server.origin, tokens);
const sockets: TestSocket[] = [];

async function deviceSocket(device: { id: string; secret: string }): Promise<TestSocket> {
  const socket = await openSocket(server.origin);
  socket.sendRaw(JSON.stringify({ type: 'auth', token: tokens.adele, device }));
  expect((await socket.next()).type).toBe('auth.ok');
  sockets.push(socket);
  return socket;
}

async function personSocket(who: string): Promise<TestSocket> {
  const socket = await openAuthenticatedSocket(server.origin, tokens[who] ?? '');
  sockets.push(socket);
  return socket;
}

async function newCode(): Promise<string> {
  return ((await (await api('alex', 'POST', '/api/codes')).json()) as { code: string }).code;
}

/** Helpers making and cancelling codes as fast as they can, until told to stop; errors (the kill) end a worker. */
function auditedTraffic(workers: number) {
  let running = true;
  const work = async () => {
    while (running) {
      const created = await api('alex', 'POST', '/api/codes');
      const { code } = (await created.json()) as { code: string };
      await api('alex', 'DELETE', `/api/codes/${code}`);
    }
  };
  const done = Promise.allSettled(Array.from({ length: workers }, work));
  return {
    stop: async () => {
      running = false;
      await done;
    },
  };
}

async function auditRecords(): Promise<number> {
  const db = await openDatabase(join(dataDir, 'remote-help.sqlite'));
  try {
    const row = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await db.destroy();
  }
}

async function auditVerifies(): Promise<{ ok: boolean; problems: string[] }> {
  const db = await openDatabase(join(dataDir, 'remote-help.sqlite'));
  try {
    const keys = loadAuditKeys(dataDir);
    const chain = await verifyChain(db, keys);
    const checkpoints = await verifyCheckpoints(db, keys, join(dataDir, 'audit-checkpoints.jsonl'));
    return { ok: chain.ok, problems: checkpoints.problems };
  } finally {
    await db.destroy();
  }
}

/** A message awaited at most 10 s, failing with what was awaited. */
function within<T>(promise: Promise<T>, what: string, ms = 10_000): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms).unref()),
  ]);
}

/** Polls a condition, at most `ms` long. */
async function eventually(condition: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

let device: { id: string; secret: string };

beforeAll(async () => {
  port = await freePort();
  server = await startServerProcess(ENV, { port, dataDir });
  Object.assign(tokens, await signInPeople(server.origin, ['alex', 'adele', 'diego', 'megan', 'isaiah']));
  const { token } = enrollmentTokenSchema.parse(
    await (await api('isaiah', 'POST', '/api/devices/enrollment-tokens')).json(),
  );
  const enrolled = await api('adele', 'POST', '/api/devices/enroll', { token, name: 'Front desk', os: 'Linux' });
  device = enrolledDeviceSchema.parse(await enrolled.json());
}, 90_000);
afterAll(async () => {
  for (const s of sockets) s.ws.terminate();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('kill -9 during audited traffic', () => {
  it('three times over: the audit log verifies and sessions, codes, lock-outs, launches and sign-ins survive', async () => {
    for (let round = 1; round <= 3; round++) {
      // What must survive: a live session, a code not yet used, a lock-out, a launch waiting, a sign-in half-way.
      const sessionId = (
        (await (await api('adele', 'POST', '/api/codes/redeem', { code: await newCode() })).json()) as {
          session: { id: string };
        }
      ).session.id;
      const kept = await newCode();
      for (let i = 0; i < 3; i++) await api('diego', 'POST', '/api/codes/redeem', { code: 'zzzzzzzz' });
      expect(await errorCode(await api('diego', 'POST', '/api/codes/redeem', { code: await newCode() }))).toBe(
        'redeem_locked',
      );
      await deviceSocket(device);
      const launched = await api('alex', 'POST', `/api/devices/${device.id}/launch`);
      expect(launched.status).toBe(201);
      const { launchId } = launchSchema.parse(await launched.json());
      const signIn = await beginDevSignIn(server.origin);
      const signedIn = await devSignInTokens(server.origin, 'lee.viewer@contoso.test');

      // Traffic, and the kill in the middle of it, once a checkpoint or two have been written.
      const before = await auditRecords();
      const traffic = auditedTraffic(4);
      await eventually(async () => (await auditRecords()) > before + 60);
      await server.kill();
      await traffic.stop();

      server = await startServerProcess(ENV, { port, dataDir });

      expect({ round, ...(await auditVerifies()) }).toEqual({ round, ok: true, problems: [] });
      // The session is still live, and relays between its members once they are back.
      const live = (await (await api('alex', 'GET', '/api/sessions')).json()) as { sessions: { id: string }[] };
      expect(live.sessions.map((s) => s.id)).toContain(sessionId);
      const helper = await personSocket('alex');
      const sharer = await personSocket('adele');
      helper.sendRaw(
        JSON.stringify({ type: 'session.signal', sessionId, peer: 0, data: { type: 'offer', sdp: `round ${round}` } }),
      );
      const relayed = await within(
        sharer.next((m) => m.type === 'session.signal'),
        `relayed signal in round ${round}`,
      );
      expect(relayed).toMatchObject({ sessionId, data: { sdp: `round ${round}` } });
      // The code made before the kill still pairs; the lock-out still holds.
      expect((await api('megan', 'POST', '/api/codes/redeem', { code: kept })).status).toBe(200);
      expect(await errorCode(await api('diego', 'POST', '/api/codes/redeem', { code: await newCode() }))).toBe(
        'redeem_locked',
      );
      // The device is asked again when it reconnects, and can accept.
      const again = await deviceSocket(device);
      expect(
        await within(
          again.next((m) => m.type === 'launch.request'),
          `launch request in round ${round}`,
        ),
      ).toMatchObject({ launchId });
      expect((await api('adele', 'POST', `/api/launches/${launchId}/accept`, { device })).status).toBe(200);
      // The sign-in left on the provider's page finishes; the one made before the kill refreshes its token.
      const { accessToken } = await signIn.finish('lee.viewer@contoso.test');
      const refreshed = await refreshDevToken(server.origin, signedIn.refreshToken);
      for (const token of [accessToken, refreshed]) {
        const me = await fetch(`${server.origin}/api/me`, { headers: { authorization: `Bearer ${token}` } });
        expect(me.status).toBe(200);
      }
      for (const s of sockets.splice(0)) s.ws.terminate();
    }
  }, 240_000);
});
