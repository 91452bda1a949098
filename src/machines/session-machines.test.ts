import type { Mode } from '@remote-help/protocol/domain';
import { type DisplaySurface, LINK_TIMEOUT_MS, type SessionEvent } from '@remote-help/protocol/session-negotiation';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor, fromCallback, fromPromise, SimulatedClock } from 'xstate';
import { testSession } from '../../tests/fixtures/sessions.ts';
import { type HelperSessionEvent, helperSessionMachine } from './helper-session.machine.ts';
import type { SignalingCommand } from './session-shared.ts';
import { type SharerSessionEvent, sharerSessionMachine } from './sharer-session.machine.ts';

const session = testSession;
const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

/** The sharer's machine with fake signalling and a fake screen picker that counts live captures. */
function sharer(
  permitted: Mode[],
  picker: () => DisplaySurface | 'cancel' = () => 'monitor',
  options: { agent?: boolean; signOut?: 'works' | 'fails' } = {},
) {
  const sent: SessionEvent[] = [];
  let left = false;
  const signOuts: string[] = [];
  const capture = { live: 0, published: 0 };
  const clock = new SimulatedClock();
  const actor = createActor(
    sharerSessionMachine.provide({
      actors: {
        signaling: fromCallback<SignalingCommand, { sessionId: string }>(({ receive }) => {
          receive((c) => {
            if (c.type === 'send') sent.push(c.event);
            else left = true;
          });
        }),
        capture: fromPromise(async () => {
          const choice = picker();
          if (choice === 'cancel') throw new Error('NotAllowedError');
          capture.live += 1;
          return { surface: choice };
        }),
        signOut: fromPromise<void, { sessionId: string }>(async ({ input }) => {
          if (options.signOut === 'fails') throw new Error('sign-out command failed');
          signOuts.push(input.sessionId);
        }),
      },
      actions: {
        stopCapture: () => {
          capture.live = 0;
        },
        publishCapture: () => {
          capture.published += 1;
        },
      },
    }),
    { input: { session: session(permitted) }, clock },
  );
  actor.start();
  if (options.agent ?? true) actor.send({ type: 'agent.status', ready: true });
  return { actor, sent, capture, clock, left: () => left, signOuts };
}

function helper(permitted: Mode[]) {
  const sent: SessionEvent[] = [];
  const clock = new SimulatedClock();
  const actor = createActor(
    helperSessionMachine.provide({
      actors: {
        signaling: fromCallback<SignalingCommand, { sessionId: string }>(({ receive }) => {
          receive((c) => {
            if (c.type === 'send') sent.push(c.event);
          });
        }),
      },
    }),
    { input: { session: session(permitted) }, clock },
  );
  actor.start();
  return { actor, sent, clock };
}

const fromHelper = (event: SessionEvent): SharerSessionEvent => ({ type: 'remote.event', from: 'helper', event });
const fromSharer = (event: SessionEvent): HelperSessionEvent => ({ type: 'remote.event', from: 'sharer', event });

describe('sharer session with the control agent', () => {
  it('cannot allow full control without the agent, but can share view only', async () => {
    const s = sharer(['view', 'control'], () => 'monitor', { agent: false });
    s.actor.send(fromHelper({ type: 'mode.request', mode: 'control' }));
    s.actor.send({ type: 'consent.allow' });
    await flush();
    expect(s.capture.live).toBe(0);
    expect(s.actor.getSnapshot().context.request).toBe('control');
    s.actor.send({ type: 'consent.viewOnly' });
    await flush();
    expect(s.actor.getSnapshot().context.mode).toBe('view');
    expect(s.sent).toContainEqual({ type: 'mode.allow', mode: 'view', surface: 'monitor' });
  });

  it('drops to view only when the agent goes away during full control', async () => {
    const s = sharer(['view', 'control']);
    s.actor.send(fromHelper({ type: 'mode.request', mode: 'control' }));
    s.actor.send({ type: 'consent.allow' });
    await flush();
    expect(s.actor.getSnapshot().context.mode).toBe('control');
    s.actor.send({ type: 'agent.status', ready: false });
    expect(s.actor.getSnapshot().context).toMatchObject({ mode: 'view', notice: { kind: 'agent_lost' } });
    expect(s.sent).toContainEqual({ type: 'mode.switch', mode: 'view' });
  });

  async function elevatedSession(options: { signOut?: 'works' | 'fails' } = {}) {
    const s = sharer(['view', 'control', 'elevation'], () => 'monitor', options);
    s.actor.send(fromHelper({ type: 'mode.request', mode: 'control' }));
    s.actor.send({ type: 'consent.allow' });
    await flush();
    s.actor.send(fromHelper({ type: 'elevation.request' }));
    s.actor.send({ type: 'elevation.allow' });
    return s;
  }

  it('after elevated actions, Leave warns first; Stay keeps the session', async () => {
    const s = await elevatedSession();
    s.actor.send({ type: 'agent.elevatedUsed' });
    expect(s.sent).toContainEqual({ type: 'elevation.used' });
    s.actor.send({ type: 'session.leave' });
    expect(s.actor.getSnapshot().context.confirmLeave).toBe(true);
    expect(s.left()).toBe(false);
    s.actor.send({ type: 'session.stay' });
    expect(s.actor.getSnapshot().context.confirmLeave).toBe(false);
    expect(s.actor.getSnapshot().status).toBe('active');
  });

  it('Leave and sign out runs the sign-out, records it, then leaves', async () => {
    const s = await elevatedSession();
    s.actor.send({ type: 'agent.elevatedUsed' });
    s.actor.send({ type: 'session.leave' });
    s.actor.send({ type: 'session.leaveAndSignOut' });
    await flush();
    expect(s.signOuts).toEqual([session(['view']).id]);
    expect(s.sent).toContainEqual({ type: 'signout.done' });
    expect(s.left()).toBe(true);
    expect(s.actor.getSnapshot().context).toMatchObject({ endReason: 'you_left', mode: 'none' });
  });

  it('a failed sign-out still leaves, and says so', async () => {
    const s = await elevatedSession({ signOut: 'fails' });
    s.actor.send({ type: 'agent.elevatedUsed' });
    s.actor.send({ type: 'session.leave' });
    s.actor.send({ type: 'session.leaveAndSignOut' });
    await flush();
    expect(s.left()).toBe(true);
    expect(s.actor.getSnapshot().context.signOutFailed).toBe(true);
    expect(s.sent).not.toContainEqual({ type: 'signout.done' });
  });

  it('without elevated actions, or when the helper leaves, nobody is signed out', async () => {
    const quiet = await elevatedSession();
    quiet.actor.send({ type: 'session.leave' });
    expect(quiet.left()).toBe(true);
    expect(quiet.signOuts).toEqual([]);

    const helperLeft = await elevatedSession();
    helperLeft.actor.send({ type: 'agent.elevatedUsed' });
    helperLeft.actor.send({ type: 'remote.ended', reason: 'helper_left' });
    await flush();
    expect(helperLeft.actor.getSnapshot().status).toBe('done');
    expect(helperLeft.signOuts).toEqual([]);
  });

  it('reports elevated use only once elevation was allowed', async () => {
    const s = sharer(['view', 'control', 'elevation']);
    s.actor.send(fromHelper({ type: 'mode.request', mode: 'control' }));
    s.actor.send({ type: 'consent.allow' });
    await flush();
    s.actor.send({ type: 'agent.elevatedUsed' });
    expect(s.sent).not.toContainEqual({ type: 'elevation.used' });
  });
});

describe('sharer session', () => {
  it('shares view only after consent and stops capture on leave', async () => {
    const s = sharer(['view', 'control']);
    s.actor.send(fromHelper({ type: 'mode.request', mode: 'view' }));
    expect(s.actor.getSnapshot().context.request).toBe('view');
    expect(s.capture.live).toBe(0);
    s.actor.send({ type: 'consent.allow' });
    await flush();
    expect(s.actor.getSnapshot().context.mode).toBe('view');
    expect(s.capture).toMatchObject({ live: 1, published: 1 });
    expect(s.sent).toEqual([{ type: 'mode.allow', mode: 'view', surface: 'monitor' }]);
    s.actor.send({ type: 'session.leave' });
    expect(s.actor.getSnapshot().status).toBe('done');
    expect(s.actor.getSnapshot().context.endReason).toBe('you_left');
    expect(s.left()).toBe(true);
    expect(s.capture.live).toBe(0);
  });

  it('refuses a request outside the permitted modes, whatever the helper’s client sends', () => {
    const s = sharer(['view']);
    s.actor.send(fromHelper({ type: 'mode.request', mode: 'control' }));
    expect(s.actor.getSnapshot().context.request).toBeUndefined();
    expect(s.actor.getSnapshot().context.notice).toEqual({ kind: 'refused', request: 'control' });
    expect(s.sent).toEqual([{ type: 'mode.decline', mode: 'control', reason: 'not_permitted' }]);
  });

  it('needs the entire screen for full control and offers view only instead', async () => {
    const s = sharer(['view', 'control'], () => 'window');
    s.actor.send(fromHelper({ type: 'mode.request', mode: 'control' }));
    s.actor.send({ type: 'consent.allow' });
    await flush();
    expect(s.actor.getSnapshot().context).toMatchObject({ mode: 'none', notice: { kind: 'wrong_surface' } });
    s.actor.send({ type: 'consent.viewOnly' });
    expect(s.actor.getSnapshot().context.mode).toBe('view');
    expect(s.sent).toEqual([{ type: 'mode.allow', mode: 'view', surface: 'window' }]);
  });

  it('tells the helper when the picker is cancelled', async () => {
    const s = sharer(['view'], () => 'cancel');
    s.actor.send(fromHelper({ type: 'mode.request', mode: 'view' }));
    s.actor.send({ type: 'consent.allow' });
    await flush();
    expect(s.sent).toEqual([{ type: 'mode.decline', mode: 'view', reason: 'picker_cancelled' }]);
    expect(s.actor.getSnapshot().context.mode).toBe('none');
  });

  it('asks again before going up from view only to full control; going down needs no one', async () => {
    const s = sharer(['view', 'control']);
    s.actor.send(fromHelper({ type: 'mode.request', mode: 'view' }));
    s.actor.send({ type: 'consent.allow' });
    await flush();
    s.actor.send(fromHelper({ type: 'mode.request', mode: 'control' }));
    expect(s.actor.getSnapshot().context).toMatchObject({ mode: 'view', request: 'control' });
    s.actor.send({ type: 'consent.allow' });
    expect(s.actor.getSnapshot().context.mode).toBe('control');
    s.actor.send(fromHelper({ type: 'mode.switch', mode: 'view' }));
    expect(s.actor.getSnapshot().context.mode).toBe('view');
  });

  it('ends with a clear reason after 30 s without a connection, and stops capture', async () => {
    const s = sharer(['view']);
    s.actor.send(fromHelper({ type: 'mode.request', mode: 'view' }));
    s.actor.send({ type: 'consent.allow' });
    await flush();
    s.actor.send({ type: 'connection.lost' });
    s.clock.increment(LINK_TIMEOUT_MS - 1);
    s.actor.send({ type: 'connection.restored' });
    s.actor.send({ type: 'connection.lost' });
    s.clock.increment(LINK_TIMEOUT_MS - 1);
    expect(s.actor.getSnapshot().status).toBe('active');
    s.clock.increment(1);
    expect(s.actor.getSnapshot().context.endReason).toBe('connection_lost');
    expect(s.capture.live).toBe(0);
  });
});

describe('helper session', () => {
  it('goes live only when the sharer allows, in the mode the sharer allowed', () => {
    const h = helper(['view', 'control']);
    h.actor.send({ type: 'mode.request', mode: 'control' });
    expect(h.sent).toEqual([{ type: 'mode.request', mode: 'control' }]);
    expect(h.actor.getSnapshot().context.mode).toBe('none');
    h.actor.send(fromSharer({ type: 'mode.allow', mode: 'view', surface: 'window' }));
    expect(h.actor.getSnapshot().context).toMatchObject({ mode: 'view', notice: { kind: 'view_only_shared' } });
  });

  it('does not send a request it is not permitted to make', () => {
    const h = helper(['view']);
    h.actor.send({ type: 'mode.request', mode: 'control' });
    expect(h.sent).toEqual([]);
  });

  it('shows the sharer’s refusal', () => {
    const h = helper(['view']);
    h.actor.send({ type: 'mode.request', mode: 'view' });
    h.actor.send(fromSharer({ type: 'mode.decline', mode: 'view', reason: 'declined' }));
    expect(h.actor.getSnapshot().context).toMatchObject({
      mode: 'none',
      notice: { kind: 'declined', mode: 'view', reason: 'declined' },
    });
  });
});

// ---------------------------------------------------------------- generated paths

const modeArb = fc.constantFrom<'view' | 'control'>('view', 'control');
const sessionEventArb: fc.Arbitrary<SessionEvent> = fc.oneof(
  modeArb.map((mode) => ({ type: 'mode.request', mode }) as const),
  fc
    .tuple(modeArb, fc.constantFrom<DisplaySurface>('monitor', 'window', 'browser', 'unknown'))
    .map(([mode, surface]) => ({ type: 'mode.allow', mode, surface }) as const),
  modeArb.map((mode) => ({ type: 'mode.decline', mode, reason: 'declined' }) as const),
  fc.constant({ type: 'mode.switch', mode: 'view' } as const),
  fc.constant({ type: 'sharing.stopped' } as const),
  fc.constant({ type: 'elevation.request' } as const),
  fc.constant({ type: 'elevation.allow' } as const),
  fc.constant({ type: 'elevation.decline', reason: 'declined' } as const),
);
const commonArb = fc.oneof(
  fc.constant({ type: 'connection.lost' } as const),
  fc.constant({ type: 'connection.restored' } as const),
  fc.boolean().map((online) => ({ type: 'remote.presence', online }) as const),
  fc.constant({ type: 'tick' } as const),
);
const permittedArb = fc.constantFrom<Mode[]>(['view'], ['view', 'control'], ['view', 'control', 'elevation']);

type Step<E> = E | { type: 'tick' };

describe('invariants over generated paths', () => {
  it('sharer: no control or elevation without consent and permission; capture stopped whenever it ends', async () => {
    const sharerStep: fc.Arbitrary<Step<SharerSessionEvent>> = fc.oneof(
      { weight: 4, arbitrary: sessionEventArb.map(fromHelper) },
      {
        weight: 4,
        arbitrary: fc.constantFrom<SharerSessionEvent>(
          { type: 'consent.allow' },
          { type: 'consent.viewOnly' },
          { type: 'consent.decline' },
          { type: 'mode.switchToView' },
          { type: 'sharing.stop' },
          { type: 'capture.ended' },
          { type: 'elevation.allow' },
          { type: 'elevation.decline' },
        ),
      },
      { weight: 2, arbitrary: commonArb },
      {
        weight: 1,
        arbitrary: fc.constantFrom<SharerSessionEvent>(
          { type: 'session.leave' },
          { type: 'remote.ended', reason: 'helper_left' },
        ),
      },
    );
    const surfaces = fc.array(fc.constantFrom<DisplaySurface | 'cancel'>('monitor', 'window', 'browser', 'cancel'), {
      minLength: 1,
      maxLength: 5,
    });
    await fc.assert(
      fc.asyncProperty(
        permittedArb,
        surfaces,
        fc.array(sharerStep, { maxLength: 40 }),
        async (permitted, picks, steps) => {
          let pick = 0;
          const s = sharer(permitted, () => picks[pick++ % picks.length] ?? 'monitor');
          for (const step of steps) {
            const before = s.actor.getSnapshot().context;
            if (step.type === 'tick') s.clock.increment(LINK_TIMEOUT_MS);
            else s.actor.send(step);
            await flush();
            const snap = s.actor.getSnapshot();
            const after = snap.context;
            if (after.mode === 'control') {
              expect(permitted).toContain('control');
              expect(after.surface).toBe('monitor');
              if (before.mode !== 'control') expect(step.type).toBe('consent.allow');
            }
            if (after.elevation === 'granted') {
              expect(permitted).toContain('elevation');
              expect(after.mode).toBe('control');
              if (before.elevation !== 'granted') expect(step.type).toBe('elevation.allow');
            }
            if (after.mode === 'none' && !snap.matches({ active: { sharing: 'wrongSurface' } })) {
              expect(s.capture.live).toBe(0);
            }
            if (snap.status === 'done') {
              expect(s.capture.live).toBe(0);
              break;
            }
          }
          // Every request outside the permitted modes was refused, never passed on to the person.
          for (const e of s.sent) {
            if (e.type === 'mode.allow') expect(permitted).toContain(e.mode);
            if (e.type === 'elevation.allow') expect(permitted).toContain('elevation');
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('helper: shows only what the sharer granted, never more than permitted', async () => {
    const helperStep: fc.Arbitrary<Step<HelperSessionEvent>> = fc.oneof(
      { weight: 4, arbitrary: sessionEventArb.map(fromSharer) },
      {
        weight: 4,
        arbitrary: fc.oneof(
          modeArb.map((mode) => ({ type: 'mode.request', mode }) as const),
          fc.constantFrom<HelperSessionEvent>({ type: 'mode.switchToView' }, { type: 'elevation.request' }),
        ),
      },
      { weight: 2, arbitrary: commonArb },
      {
        weight: 1,
        arbitrary: fc.constantFrom<HelperSessionEvent>(
          { type: 'session.leave' },
          { type: 'remote.ended', reason: 'sharer_left' },
        ),
      },
    );
    await fc.assert(
      fc.asyncProperty(permittedArb, fc.array(helperStep, { maxLength: 40 }), async (permitted, steps) => {
        const h = helper(permitted);
        for (const step of steps) {
          const before = h.actor.getSnapshot().context;
          if (step.type === 'tick') h.clock.increment(LINK_TIMEOUT_MS);
          else h.actor.send(step);
          const snap = h.actor.getSnapshot();
          const after = snap.context;
          if (after.mode === 'control' && before.mode !== 'control') {
            expect(step).toMatchObject({ type: 'remote.event', event: { type: 'mode.allow', mode: 'control' } });
            expect(permitted).toContain('control');
          }
          if (after.elevation === 'granted' && before.elevation !== 'granted') {
            expect(step).toMatchObject({ type: 'remote.event', event: { type: 'elevation.allow' } });
            expect(permitted).toContain('elevation');
          }
          if (snap.status === 'done') {
            expect(after.mode).toBe('none');
            break;
          }
        }
        for (const e of h.sent) {
          if (e.type === 'mode.request') expect(permitted).toContain(e.mode);
          if (e.type === 'elevation.request') expect(permitted).toContain('elevation');
        }
      }),
      { numRuns: 300 },
    );
  });
});
