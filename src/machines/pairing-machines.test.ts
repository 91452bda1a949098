import type { Session } from '@remote-help/protocol/domain';
import { describe, expect, it } from 'vitest';
import { createActor, fromCallback, fromPromise, SimulatedClock } from 'xstate';
import { testSession } from '../../tests/fixtures/sessions.ts';
import { type HelperCodeEvent, helperCodeMachine, type ShownCode } from './helper-code.machine.ts';
import { sharerCodeMachine } from './sharer-code.machine.ts';

const session: Session = testSession(['view']);
const shown = (code: string): ShownCode => ({
  code,
  expiresAt: '',
  ttlSeconds: 600,
  permittedModes: ['view'],
  deadline: 0,
});
const flush = () => new Promise((r) => setTimeout(r, 0));

function helper(codes: string[]) {
  const cancelled: string[] = [];
  let emit: ((e: HelperCodeEvent) => void) | undefined;
  const clock = new SimulatedClock();
  const actor = createActor(
    helperCodeMachine.provide({
      actors: {
        createCode: fromPromise(async () => {
          const next = codes.shift();
          if (!next) throw Object.assign(new Error('no'), { code: 'too_many_codes' });
          return shown(next);
        }),
        cancelCode: fromPromise(async ({ input }: { input: { code: string } }) => {
          cancelled.push(input.code);
        }),
        pairedEvents: fromCallback<HelperCodeEvent>(({ sendBack }) => {
          emit = sendBack;
          return () => {
            emit = undefined;
          };
        }),
      },
    }),
    { clock },
  );
  actor.start();
  return { actor, clock, cancelled, emit: (e: HelperCodeEvent) => emit?.(e) };
}

describe('helper code machine', () => {
  it('shows a code, then pairs when that code is redeemed', async () => {
    const h = helper(['aaaa1111']);
    h.actor.send({ type: 'code.request' });
    await flush();
    expect(h.actor.getSnapshot().value).toBe('showing');
    h.emit({ type: 'session.paired', session, code: 'other000' });
    expect(h.actor.getSnapshot().value).toBe('showing');
    h.emit({ type: 'session.paired', session, code: 'aaaa1111' });
    expect(h.actor.getSnapshot().status).toBe('done');
    expect(h.actor.getSnapshot().output).toEqual({ session });
  });

  it('expires the code after its lifetime and stops listening', async () => {
    const h = helper(['aaaa1111']);
    h.actor.send({ type: 'code.request' });
    await flush();
    h.clock.increment(599_000);
    expect(h.actor.getSnapshot().value).toBe('showing');
    h.clock.increment(1_000);
    expect(h.actor.getSnapshot().value).toBe('expired');
    expect(h.actor.getSnapshot().context.code).toBeUndefined();
    h.emit({ type: 'session.paired', session, code: 'aaaa1111' });
    expect(h.actor.getSnapshot().value).toBe('expired');
  });

  it('cancels the old code on the server before showing a new one', async () => {
    const h = helper(['aaaa1111', 'bbbb2222']);
    h.actor.send({ type: 'code.request' });
    await flush();
    h.actor.send({ type: 'code.request' });
    await flush();
    await flush();
    expect(h.cancelled).toEqual(['aaaa1111']);
    expect(h.actor.getSnapshot().context.code?.code).toBe('bbbb2222');
  });

  it('cancels on request', async () => {
    const h = helper(['aaaa1111']);
    h.actor.send({ type: 'code.request' });
    await flush();
    h.actor.send({ type: 'code.cancel' });
    await flush();
    expect(h.cancelled).toEqual(['aaaa1111']);
    expect(h.actor.getSnapshot().value).toBe('cancelled');
  });

  it('reports a refusal by its code and can try again', async () => {
    const h = helper([]);
    h.actor.send({ type: 'code.request' });
    await flush();
    expect(h.actor.getSnapshot().value).toBe('failed');
    expect(h.actor.getSnapshot().context.error).toBe('too_many_codes');
  });
});

describe('sharer code machine', () => {
  function sharer(result: () => Promise<Session>, code?: string) {
    const submitted: string[] = [];
    const actor = createActor(
      sharerCodeMachine.provide({
        actors: {
          redeemCode: fromPromise(async ({ input }: { input: { code: string } }) => {
            submitted.push(input.code);
            return result();
          }),
        },
      }),
      { input: { code } },
    );
    actor.start();
    return { actor, submitted };
  }

  it('refuses a malformed code without asking the server', () => {
    const s = sharer(async () => session);
    s.actor.send({ type: 'code.change', value: 'abc' });
    s.actor.send({ type: 'code.submit' });
    expect(s.actor.getSnapshot().context.error).toBe('code_malformed');
    expect(s.submitted).toEqual([]);
  });

  it('sends the normalised code and finishes with the session', async () => {
    const s = sharer(async () => session, 'AB3D-EF7H');
    s.actor.send({ type: 'code.submit' });
    await flush();
    expect(s.submitted).toEqual(['ab3def7h']);
    expect(s.actor.getSnapshot().output).toEqual({ session });
  });

  it('keeps the typed code and shows the refusal with its lock-out time', async () => {
    const s = sharer(async () => {
      throw Object.assign(new Error('locked'), { code: 'redeem_locked', retryAt: '2026-01-01T00:10:00Z' });
    }, 'ab3def7h');
    s.actor.send({ type: 'code.submit' });
    await flush();
    const snap = s.actor.getSnapshot();
    expect(snap.value).toBe('editing');
    expect(snap.context).toMatchObject({ input: 'ab3def7h', error: 'redeem_locked', retryAt: '2026-01-01T00:10:00Z' });
  });
});
