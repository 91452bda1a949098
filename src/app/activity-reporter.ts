/**
 * Tells the server that the person is active in a session (spec 4.10: idle timeout). Chat, control input and most of
 * what happens in a session go peer to peer, so the server cannot see them: the live session calls `activity()` on
 * each, and this sends at most one report every 30 seconds — the first at once, and one at the end of the window if
 * there was activity during it, so the server's idea of the last activity is never more than a window late.
 */
import { ACTIVITY_REPORT_INTERVAL_MS } from '@remote-help/protocol/session-negotiation';

export interface ReporterClock {
  now(): number;
  /** Calls `callback` after `ms`; returns a cancel function. */
  after(ms: number, callback: () => void): () => void;
}

const realClock: ReporterClock = {
  now: () => Date.now(),
  after: (ms, callback) => {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

export interface ActivityReporter {
  activity(): void;
  dispose(): void;
}

export function makeActivityReporter(
  report: () => void,
  clock: ReporterClock = realClock,
  intervalMs = ACTIVITY_REPORT_INTERVAL_MS,
): ActivityReporter {
  let lastSent = Number.NEGATIVE_INFINITY;
  let cancel: (() => void) | undefined;
  let disposed = false;

  const send = () => {
    cancel = undefined;
    lastSent = clock.now();
    report();
  };

  return {
    activity() {
      if (disposed || cancel) return;
      const wait = lastSent + intervalMs - clock.now();
      if (wait <= 0) send();
      else cancel = clock.after(wait, send);
    },
    dispose() {
      disposed = true;
      cancel?.();
      cancel = undefined;
    },
  };
}
