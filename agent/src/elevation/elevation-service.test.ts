/** The service side of the hand-off, with a recording launcher in place of the Windows calls. */

import type { ControlEvent } from '@remote-help/protocol/peer-channels';
import { beforeAll, describe, expect, it } from 'vitest';
import { type GrantFactory, grantFactory } from '../../test-support/grants.ts';
import { makeElevationGrantCheck } from './elevation-grant.ts';
import { makeElevationService, type SecureDesktopLauncher } from './elevation-service.ts';
import type { HandoffReply } from './handoff-protocol.ts';

const CONSOLE = 1;
const KEY = 'k'.repeat(43);
const click: ControlEvent = { type: 'pointer.button', x: 0.5, y: 0.5, button: 'left', down: true };

let clock = Date.now();
let grants: GrantFactory;
beforeAll(async () => {
  grants = await grantFactory(() => clock);
});

function service(options: { failLaunch?: boolean } = {}) {
  const calls: string[] = [];
  const launcher: SecureDesktopLauncher = {
    async start(session) {
      calls.push(`start ${session}`);
      if (options.failLaunch) throw new Error('CreateProcessAsUser failed (5)');
    },
    async input(session, event) {
      calls.push(`input ${session} ${event.type}`);
    },
    async secureAttention(session) {
      calls.push(`sas ${session}`);
    },
    async stop(session) {
      calls.push(`stop ${session}`);
    },
  };
  const check = makeElevationGrantCheck({ verifyGrant: grants.verifier, consoleWindowsSession: () => CONSOLE });
  return { calls, svc: makeElevationService({ check, launcher, now: () => clock, newKey: () => KEY }) };
}

const atConsole = { windowsSession: CONSOLE };

async function started(
  svc: ReturnType<typeof service>['svc'],
): Promise<Extract<HandoffReply, { type: 'elevation.started' }>> {
  const reply = await svc.handle(
    { type: 'elevation.start', sessionId: 'session-1', token: await grants.sign() },
    atConsole,
  );
  if (reply.type !== 'elevation.started') throw new Error(JSON.stringify(reply));
  return reply;
}

describe('the elevation service', () => {
  it('greets only its own protocol version', async () => {
    const { svc } = service();
    expect(await svc.handle({ type: 'elevation.hello', version: 1 }, atConsole)).toEqual({
      type: 'elevation.welcome',
      version: 1,
    });
    expect(await svc.handle({ type: 'elevation.hello', version: 2 }, atConsole)).toMatchObject({
      code: 'version_unsupported',
    });
  });

  it('starts a helper on the secure desktop and hands back a one-time key until the grant expires', async () => {
    const { svc, calls } = service();
    const reply = await started(svc);
    expect(reply.key).toBe(KEY);
    expect(Date.parse(reply.expiresAt)).toBeGreaterThan(clock);
    expect(calls).toEqual([`start ${CONSOLE}`]);
    expect(
      await svc.handle({ type: 'elevation.input', sessionId: 'session-1', key: KEY, seq: 3, event: click }, atConsole),
    ).toEqual({ type: 'elevation.applied', seq: 3 });
    expect(
      await svc.handle({ type: 'elevation.secureAttention', sessionId: 'session-1', key: KEY }, atConsole),
    ).toEqual({
      type: 'elevation.applied',
    });
    expect(calls).toEqual([`start ${CONSOLE}`, `input ${CONSOLE} pointer.button`, `sas ${CONSOLE}`]);
  });

  it('takes input only with the hand-off’s key, for its session, from its Windows session', async () => {
    const { svc, calls } = service();
    await started(svc);
    const wrongKey = 'x'.repeat(43);
    expect(
      await svc.handle(
        { type: 'elevation.input', sessionId: 'session-1', key: wrongKey, seq: 1, event: click },
        atConsole,
      ),
    ).toMatchObject({ code: 'wrong_key', seq: 1 });
    expect(
      await svc.handle({ type: 'elevation.input', sessionId: 'session-2', key: KEY, seq: 2, event: click }, atConsole),
    ).toMatchObject({ code: 'no_handoff' });
    expect(
      await svc.handle(
        { type: 'elevation.input', sessionId: 'session-1', key: KEY, seq: 3, event: click },
        { windowsSession: 4 },
      ),
    ).toMatchObject({ code: 'no_handoff' });
    expect(calls).toEqual([`start ${CONSOLE}`]);
  });

  it('refuses a start the grant check refuses, and reports a helper that does not start', async () => {
    const { svc, calls } = service();
    expect(
      await svc.handle(
        { type: 'elevation.start', sessionId: 'session-1', token: await grants.sign({ modes: ['control'] }) },
        atConsole,
      ),
    ).toMatchObject({ type: 'elevation.refused', code: 'not_permitted' });
    expect(calls).toEqual([]);
    const failing = service({ failLaunch: true });
    expect(
      await failing.svc.handle(
        { type: 'elevation.start', sessionId: 'session-1', token: await grants.sign() },
        atConsole,
      ),
    ).toMatchObject({ code: 'launch_failed', message: 'CreateProcessAsUser failed (5)' });
  });

  it('stops when asked, when the grant runs out, and when another user takes the console', async () => {
    const asked = service();
    await started(asked.svc);
    expect(await asked.svc.handle({ type: 'elevation.stop', sessionId: 'session-1', key: KEY }, atConsole)).toEqual({
      type: 'elevation.stopped',
      sessionId: 'session-1',
      reason: 'asked',
    });
    expect(asked.calls.at(-1)).toBe(`stop ${CONSOLE}`);

    const expiring = service();
    await started(expiring.svc);
    clock += 301_000;
    expect(
      await expiring.svc.handle(
        { type: 'elevation.input', sessionId: 'session-1', key: KEY, seq: 5, event: click },
        atConsole,
      ),
    ).toMatchObject({ code: 'grant_expired', seq: 5 });
    expect(expiring.calls).toEqual([`start ${CONSOLE}`, `stop ${CONSOLE}`]);
    expect(await expiring.svc.expire()).toEqual([]);

    clock = Date.now();
    const switched = service();
    await started(switched.svc);
    expect(await switched.svc.consoleChanged(CONSOLE + 1)).toEqual([
      { type: 'elevation.stopped', sessionId: 'session-1', reason: 'session_changed' },
    ]);
  });

  it('stops expired hand-offs on its timer', async () => {
    clock = Date.now();
    const { svc, calls } = service();
    await started(svc);
    expect(await svc.expire()).toEqual([]);
    clock += 301_000;
    expect(await svc.expire()).toEqual([
      { type: 'elevation.stopped', sessionId: 'session-1', reason: 'grant_expired' },
    ]);
    expect(calls.at(-1)).toBe(`stop ${CONSOLE}`);
    clock = Date.now();
  });
});
