/**
 * A live session's timers (spec 4.8–4.10), on one injected clock: a member's grace while disconnected, a closed page's
 * moment to come back, the retry of an ending that could not be written, and one sweep over every session for
 * maximum length and idle time. Each says what ran out; what that means is the caller's to decide.
 */
import type { Clock, Timer } from '../domain/clock.ts';

/** Waits before writing a failed ending again: 1 s, doubling, at most 10 s. */
export function endRetryDelayMs(attempt: number): number {
  return Math.min(10_000, 1000 * 2 ** attempt);
}

export interface SessionTimerDurations {
  /** How long a member may be disconnected before the session ends (spec 4.9). */
  graceMs: number;
  /** How long a closed page has to come back (a reload) before closing counts as leaving (spec 4.8). */
  closingMs: number;
  /** How often maximum length and idle time are checked (spec 4.10). */
  sweepMs: number;
}

export class SessionTimers {
  private readonly grace = new Map<string, Timer>();
  private readonly closing = new Map<string, Timer>();
  private readonly retries = new Map<string, Timer>();
  private sweep: Timer | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly durations: SessionTimerDurations,
  ) {}

  /**
   * Starts a member's grace unless it is running; `expired` when the member has not come back in time — after the
   * grace period, or after `remainingMs` when the grace began elsewhere (another node, before a takeover).
   */
  startGrace(sessionId: string, userId: string, expired: () => void, remainingMs = this.durations.graceMs): void {
    const key = `${sessionId} ${userId}`;
    if (this.grace.has(key)) return;
    this.grace.set(
      key,
      this.clock.after(Math.max(0, remainingMs), () => {
        this.grace.delete(key);
        expired();
      }),
    );
  }

  stopGrace(sessionId: string, userId: string): void {
    const key = `${sessionId} ${userId}`;
    this.grace.get(key)?.cancel();
    this.grace.delete(key);
  }

  /** (Re)starts a member's closing; `expired` when their page has not come back in time. */
  startClosing(sessionId: string, userId: string, expired: () => void): void {
    const key = `${sessionId} ${userId}`;
    this.closing.get(key)?.cancel();
    this.closing.set(
      key,
      this.clock.after(this.durations.closingMs, () => {
        this.closing.delete(key);
        expired();
      }),
    );
  }

  stopClosing(sessionId: string, userId: string): void {
    const key = `${sessionId} ${userId}`;
    this.closing.get(key)?.cancel();
    this.closing.delete(key);
  }

  /** Tries writing a session's ending again after the `attempt`th failure (replacing a retry already waiting). */
  retryEnding(sessionId: string, attempt: number, retry: () => void): number {
    this.stopRetry(sessionId);
    const delay = endRetryDelayMs(attempt);
    this.retries.set(
      sessionId,
      this.clock.after(delay, () => {
        this.retries.delete(sessionId);
        retry();
      }),
    );
    return delay;
  }

  stopRetry(sessionId: string): void {
    this.retries.get(sessionId)?.cancel();
    this.retries.delete(sessionId);
  }

  /** Whether a member's grace is running. */
  inGrace(sessionId: string, userId: string): boolean {
    return this.grace.has(`${sessionId} ${userId}`);
  }

  /** The session is ending: its members' grace and closing no longer count. */
  stopMembers(sessionId: string): void {
    for (const timers of [this.grace, this.closing]) {
      for (const [key, timer] of timers) {
        if (key.startsWith(`${sessionId} `)) {
          timer.cancel();
          timers.delete(key);
        }
      }
    }
  }

  startSweep(check: () => void): void {
    this.sweep ??= this.clock.every(this.durations.sweepMs, check);
  }

  stopAll(): void {
    this.sweep?.cancel();
    this.sweep = undefined;
    for (const timers of [this.grace, this.closing, this.retries]) {
      for (const timer of timers.values()) timer.cancel();
      timers.clear();
    }
  }
}
