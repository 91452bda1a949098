/**
 * Brute-force protection for redeeming codes. A person with too many failed codes in the window is locked out for a
 * while. An address is never locked out — many people share one (an office, a proxy), and one of them guessing must
 * not keep the others from their good codes — but past a much higher number of failures its attempts are slowed
 * down, each a little more than the last. Failures are written to the database (so a restart does not reset them).
 *
 * Two ways to read them back, chosen by configuration (app.ts): one process alone keeps them in memory too
 * (`RedeemLockout`), so the check on every redeem costs no query; nodes of a cluster read the shared database on each
 * check (`database-lockout.ts`), so five wrong codes spread over three nodes lock the person out.
 */
import type { Trx } from '../audit/audit-log.ts';
import type { Database } from '../db/database.ts';

export interface LockoutPolicy {
  /** Failures of one person within the window that lock them out. */
  perUser: number;
  /** Failures from one address within the window after which its attempts are slowed down. */
  perAddress: number;
  windowMs: number;
  lockMs: number;
}

/** The first slowed attempt waits this long; each further failure from the address doubles it, up to the maximum. */
export const SLOWDOWN_FIRST_MS = 250;
export const SLOWDOWN_MAX_MS = 8_000;

type Awaitable<T> = T | Promise<T>;

/** What redeeming asks of a lock-out, however its failures are kept. */
export interface LockoutWindows {
  /**
   * Until when the person is locked out, if they are. Inside a redeem's transaction, `trx` reads through it (SQLite
   * has one connection, held by the transaction, and the check must see the transaction's own failure).
   */
  userLockedUntil(userId: string, trx?: Trx): Awaitable<number | undefined>;
  /** How long an attempt from this address waits before it is looked at: 0 until the address passes its threshold. */
  addressDelayMs(address: string): Awaitable<number>;
  /** Writes the failure in the caller's transaction. */
  recordFailure(trx: Trx, userId: string, address: string): Promise<void>;
}

/** Failures older than this can no longer contribute to a lock. */
export function horizonOf(policy: LockoutPolicy): number {
  return policy.windowMs + policy.lockMs;
}

/**
 * When the most recent `limit` failures (times in ascending order) all fall within the window, the lock runs from the
 * last of them.
 */
export function lockedUntil(times: readonly number[], limit: number, policy: LockoutPolicy, now: number) {
  if (times.length < limit) return undefined;
  const newest = times[times.length - 1];
  const oldest = times[times.length - limit];
  if (newest === undefined || oldest === undefined || newest - oldest > policy.windowMs) return undefined;
  const until = newest + policy.lockMs;
  return until > now ? until : undefined;
}

/** The slow-down for an address with this many failures inside the window. */
export function addressDelayFor(recentFailures: number, policy: LockoutPolicy): number {
  const beyond = recentFailures - policy.perAddress;
  return beyond < 0 ? 0 : Math.min(SLOWDOWN_FIRST_MS * 2 ** Math.min(beyond, 16), SLOWDOWN_MAX_MS);
}

/** How often memory is swept of people and addresses whose failures are all past the horizon. */
export const PRUNE_INTERVAL_MS = 60_000;

export class RedeemLockout implements LockoutWindows {
  private readonly byUser = new Map<string, number[]>();
  private readonly byAddress = new Map<string, number[]>();
  private lastPrune = Number.NEGATIVE_INFINITY;

  private constructor(
    private readonly policy: LockoutPolicy,
    private readonly now: () => number,
  ) {}

  static async open(db: Database, policy: LockoutPolicy, now: () => number = Date.now): Promise<RedeemLockout> {
    const lockout = new RedeemLockout(policy, now);
    const recent = await db
      .selectFrom('redeem_failures')
      .select(['user_id', 'address', 'at'])
      .where('at', '>', now() - lockout.horizon)
      .orderBy('at', 'asc')
      .execute();
    for (const r of recent) lockout.remember(r.user_id, r.address, r.at);
    return lockout;
  }

  private get horizon(): number {
    return horizonOf(this.policy);
  }

  private remember(userId: string, address: string, at: number): void {
    for (const [map, key] of [
      [this.byUser, userId],
      [this.byAddress, address],
    ] as const) {
      const times = (map.get(key) ?? []).filter((t) => t > at - this.horizon);
      times.push(at);
      map.set(key, times);
    }
  }

  userLockedUntil(userId: string): number | undefined {
    return lockedUntil(this.byUser.get(userId) ?? [], this.policy.perUser, this.policy, this.now());
  }

  addressDelayMs(address: string): number {
    const now = this.now();
    const recent = (this.byAddress.get(address) ?? []).filter((t) => t > now - this.policy.windowMs).length;
    return addressDelayFor(recent, this.policy);
  }

  /** Writes the failure in the caller's transaction; memory follows once it is written. */
  async recordFailure(trx: Trx, userId: string, address: string): Promise<void> {
    const at = this.now();
    await trx.insertInto('redeem_failures').values({ user_id: userId, address, at }).execute();
    this.remember(userId, address, at);
    if (at - this.lastPrune >= PRUNE_INTERVAL_MS) this.prune(at);
  }

  /**
   * Forgets people and addresses with no failure inside the horizon: without this, every person and address that
   * ever failed once would stay in memory (a spray of addresses would grow it without end).
   */
  private prune(now: number): void {
    this.lastPrune = now;
    for (const map of [this.byUser, this.byAddress]) {
      for (const [key, times] of map) {
        const newest = times[times.length - 1];
        if (newest === undefined || newest <= now - this.horizon) map.delete(key);
      }
    }
  }

  /** People and addresses remembered (what pruning keeps bounded). */
  get remembered(): number {
    return this.byUser.size + this.byAddress.size;
  }
}
