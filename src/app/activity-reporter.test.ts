import { ACTIVITY_REPORT_INTERVAL_MS } from '@remote-help/protocol/session-negotiation';
import { describe, expect, it } from 'vitest';
import { makeActivityReporter, type ReporterClock } from './activity-reporter.ts';

function fakeClock() {
  let time = 0;
  let timers: { at: number; callback: () => void }[] = [];
  const clock: ReporterClock = {
    now: () => time,
    after(ms, callback) {
      const timer = { at: time + ms, callback };
      timers.push(timer);
      return () => {
        timers = timers.filter((t) => t !== timer);
      };
    },
  };
  const advance = (ms: number) => {
    const end = time + ms;
    for (;;) {
      const next = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      timers = timers.filter((t) => t !== next);
      time = next.at;
      next.callback();
    }
    time = end;
  };
  return { clock, advance, pending: () => timers.length };
}

describe('activity reporter', () => {
  it('reports the first activity at once, then at most once every 30 seconds', () => {
    const { clock, advance } = fakeClock();
    const sent: number[] = [];
    const reporter = makeActivityReporter(() => sent.push(clock.now()), clock);
    reporter.activity();
    expect(sent).toEqual([0]);
    // A burst of activity within the window: one report, at the end of the window.
    for (let t = 0; t < 10; t++) {
      advance(1_000);
      reporter.activity();
    }
    expect(sent).toEqual([0]);
    advance(20_000);
    expect(sent).toEqual([0, ACTIVITY_REPORT_INTERVAL_MS]);
    // Steady activity every second for five minutes: one report per window.
    for (let t = 0; t < 300; t++) {
      advance(1_000);
      reporter.activity();
    }
    expect(sent.length).toBeLessThanOrEqual(2 + 300 / 30);
    for (let i = 1; i < sent.length; i++) {
      expect((sent[i] ?? 0) - (sent[i - 1] ?? 0)).toBeGreaterThanOrEqual(ACTIVITY_REPORT_INTERVAL_MS);
    }
  });

  it('sends nothing without activity, and reports at once after a quiet spell', () => {
    const { clock, advance, pending } = fakeClock();
    const sent: number[] = [];
    const reporter = makeActivityReporter(() => sent.push(clock.now()), clock);
    reporter.activity();
    advance(5 * 60_000);
    expect(sent).toEqual([0]);
    expect(pending()).toBe(0);
    reporter.activity();
    expect(sent).toEqual([0, 5 * 60_000]);
  });

  it('sends nothing more once disposed', () => {
    const { clock, advance, pending } = fakeClock();
    const sent: number[] = [];
    const reporter = makeActivityReporter(() => sent.push(clock.now()), clock);
    reporter.activity();
    advance(1_000);
    reporter.activity();
    reporter.dispose();
    expect(pending()).toBe(0);
    advance(60_000);
    reporter.activity();
    expect(sent).toEqual([0]);
  });
});
