import { describe, expect, it } from 'vitest';
import { createActor, fromCallback, fromPromise, SimulatedClock } from 'xstate';
import { testSession } from '../../tests/fixtures/sessions.ts';
import { type LaunchEvent, launchMachine, type SentLaunch } from './launch.machine.ts';

const flush = () => new Promise((r) => setTimeout(r, 0));

/** A launch whose sends answer from `results` in turn: a launch, or an error code. */
function launch(results: (SentLaunch | string)[]) {
  let answer: ((e: LaunchEvent) => void) | undefined;
  const listeningFor: string[] = [];
  const clock = new SimulatedClock();
  const actor = createActor(
    launchMachine.provide({
      actors: {
        sendLaunch: fromPromise(async () => {
          const next = results.shift();
          if (next === undefined || typeof next === 'string') {
            throw Object.assign(new Error('refused'), { code: next ?? 'internal' });
          }
          return next;
        }),
        answers: fromCallback<LaunchEvent, { launchId: string }>(({ sendBack, input }) => {
          listeningFor.push(input.launchId);
          answer = sendBack;
          return () => {
            answer = undefined;
          };
        }),
      },
    }),
    { clock },
  );
  actor.start();
  return { actor, clock, listeningFor, answer: (e: LaunchEvent) => answer?.(e) };
}

describe('remote launch machine', () => {
  it('sends only after Continue, then ends with the session the person accepted', async () => {
    const l = launch([{ launchId: 'L1', ttlMs: 300_000 }]);
    expect(l.actor.getSnapshot().value).toBe('confirming');
    l.actor.send({ type: 'launch.continue' });
    await flush();
    expect(l.actor.getSnapshot().value).toBe('sent');
    expect(l.listeningFor).toEqual(['L1']);
    const session = testSession(['view', 'control']);
    l.answer({ type: 'launch.paired', session });
    expect(l.actor.getSnapshot().status).toBe('done');
    expect(l.actor.getSnapshot().output).toEqual({ session });
  });

  it('an offline device is an error with Retry; retrying reaches the device once it is back', async () => {
    const l = launch(['device_offline', { launchId: 'L2', ttlMs: 300_000 }]);
    l.actor.send({ type: 'launch.continue' });
    await flush();
    expect(l.actor.getSnapshot().value).toBe('failed');
    expect(l.actor.getSnapshot().context.error).toBe('device_offline');
    l.actor.send({ type: 'launch.retry' });
    await flush();
    expect(l.actor.getSnapshot().value).toBe('sent');
    expect(l.actor.getSnapshot().context.error).toBeUndefined();
  });

  it('expires when the request’s time is up, and stops listening; a decline is said as such', async () => {
    const l = launch([
      { launchId: 'L3', ttlMs: 300_000 },
      { launchId: 'L4', ttlMs: 300_000 },
    ]);
    l.actor.send({ type: 'launch.continue' });
    await flush();
    l.clock.increment(299_999);
    expect(l.actor.getSnapshot().value).toBe('sent');
    l.clock.increment(1);
    expect(l.actor.getSnapshot().value).toBe('expired');
    l.answer({ type: 'launch.paired', session: testSession(['view']) });
    expect(l.actor.getSnapshot().value).toBe('expired');

    l.actor.send({ type: 'launch.retry' });
    await flush();
    expect(l.listeningFor).toEqual(['L3', 'L4']);
    l.answer({ type: 'launch.declined' });
    expect(l.actor.getSnapshot().value).toBe('declined');
  });
});
