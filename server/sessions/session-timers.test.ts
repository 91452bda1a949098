import { describe, expect, it } from 'vitest';
import type { Clock } from '../domain/clock.ts';
import { endRetryDelayMs, SessionTimers } from './session-timers.ts';

/** A clock that moves only when told: each timer fires when the time passes its moment. */
function manualClock() {
  let now = 0;
  let timers: { at: number; every?: number; task: () => void; cancelled: boolean }[] = [];
  const clock: Clock = {
    now: () => now,
    after(ms, task) {
      const timer = { at: now + ms, task, cancelled: false };
      timers.push(timer);
      return {
        cancel: () => {
          timer.cancelled = true;
        },
      };
    },
    every(ms, task) {
      const timer = { at: now + ms, every: ms, task, cancelled: false };
      timers.push(timer);
      return {
        cancel: () => {
          timer.cancelled = true;
        },
      };
    },
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = timers.filter((t) => !t.cancelled && t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      now = due.at;
      if (due.every) due.at += due.every;
      else timers = timers.filter((t) => t !== due);
      due.task();
    }
    now = until;
  };
  return { clock, advance };
}

const durations = { graceMs: 30_000, closingMs: 5_000, sweepMs: 1_000 };

describe('session timers', () => {
  it('end a member’s grace when it runs out, and not when they come back first', () => {
    const { clock, advance } = manualClock();
    const timers = new SessionTimers(clock, durations);
    const expired: string[] = [];
    timers.startGrace('s1', 'alex', () => expired.push('alex'));
    timers.startGrace('s1', 'adele', () => expired.push('adele'));
    advance(29_999);
    timers.stopGrace('s1', 'adele');
    // A second start while one runs changes nothing: the grace counts from the first.
    timers.startGrace('s1', 'alex', () => expired.push('alex again'));
    advance(1);
    expect(expired).toEqual(['alex']);
    advance(60_000);
    expect(expired).toEqual(['alex']);
  });

  it('restart a closing page’s moment when it closes again', () => {
    const { clock, advance } = manualClock();
    const timers = new SessionTimers(clock, durations);
    const expired: number[] = [];
    timers.startClosing('s1', 'alex', () => expired.push(clock.now()));
    advance(4_000);
    timers.startClosing('s1', 'alex', () => expired.push(clock.now()));
    advance(10_000);
    expect(expired).toEqual([9_000]);
  });

  it('stop one session’s members’ timers and leave another’s', () => {
    const { clock, advance } = manualClock();
    const timers = new SessionTimers(clock, durations);
    const expired: string[] = [];
    timers.startGrace('s1', 'alex', () => expired.push('s1 grace'));
    timers.startClosing('s1', 'adele', () => expired.push('s1 closing'));
    timers.startGrace('s2', 'alex', () => expired.push('s2 grace'));
    timers.stopMembers('s1');
    advance(60_000);
    expect(expired).toEqual(['s2 grace']);
  });

  it('retry an ending after 1 s, doubling to at most 10 s, one retry at a time', () => {
    expect([0, 1, 2, 3, 4, 9].map(endRetryDelayMs)).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
    const { clock, advance } = manualClock();
    const timers = new SessionTimers(clock, durations);
    const retried: number[] = [];
    expect(timers.retryEnding('s1', 0, () => retried.push(0))).toBe(1000);
    expect(timers.retryEnding('s1', 1, () => retried.push(1))).toBe(2000);
    advance(10_000);
    expect(retried).toEqual([1]);
  });

  it('sweep every interval until stopped, with every other timer', () => {
    const { clock, advance } = manualClock();
    const timers = new SessionTimers(clock, durations);
    let sweeps = 0;
    const expired: string[] = [];
    timers.startSweep(() => {
      sweeps += 1;
    });
    timers.startGrace('s1', 'alex', () => expired.push('grace'));
    advance(3_500);
    timers.stopAll();
    advance(60_000);
    expect({ sweeps, expired }).toEqual({ sweeps: 3, expired: [] });
  });
});
