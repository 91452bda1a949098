/**
 * Brute-force protection for redeeming codes: a person with too many failed codes in the window is locked out for a
 * while, and so is an address. Failures are kept in the database, so a restart does not reset them.
 */
import type { Database } from '../db/database.ts';

export interface LockoutPolicy {
  perUser: number;
  perAddress: number;
  windowMs: number;
  lockMs: number;
}

export class RedeemLockout {
  constructor(
    private readonly db: Database,
    private readonly policy: LockoutPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  /** When the most recent `limit` failures all fall within the window, the lock runs from the last of them. */
  private async lockedUntil(column: 'user_id' | 'address', value: string, limit: number): Promise<number | undefined> {
    const recent = await this.db
      .selectFrom('redeem_failures')
      .select('at')
      .where(column, '=', value)
      .where('at', '>', this.now() - this.policy.windowMs - this.policy.lockMs)
      .orderBy('at', 'desc')
      .limit(limit)
      .execute();
    const newest = recent[0]?.at;
    const oldest = recent[limit - 1]?.at;
    if (newest === undefined || oldest === undefined) return undefined;
    if (newest - oldest > this.policy.windowMs) return undefined;
    const until = newest + this.policy.lockMs;
    return until > this.now() ? until : undefined;
  }

  userLockedUntil(userId: string): Promise<number | undefined> {
    return this.lockedUntil('user_id', userId, this.policy.perUser);
  }

  addressLockedUntil(address: string): Promise<number | undefined> {
    return this.lockedUntil('address', address, this.policy.perAddress);
  }

  async recordFailure(userId: string, address: string): Promise<void> {
    await this.db.insertInto('redeem_failures').values({ user_id: userId, address, at: this.now() }).execute();
  }
}
