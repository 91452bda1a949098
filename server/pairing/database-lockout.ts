/**
 * The lock-out of a cluster's node: failures are read back from the shared database on every check, so they count
 * wherever they were made — five wrong codes spread over three nodes lock the person out, and a node that starts
 * knows every failure at once. The database is the only record, so a restart of Redis loses none. When the database
 * cannot be reached, redeeming is refused (`service_unavailable`) rather than let through unchecked.
 */
import type { Trx } from '../audit/audit-log.ts';
import type { Database } from '../db/database.ts';
import { orUnavailable } from '../domain/unavailable.ts';
import { addressDelayFor, horizonOf, type LockoutPolicy, type LockoutWindows, lockedUntil } from './lockout.ts';

export class DatabaseLockout implements LockoutWindows {
  constructor(
    private readonly db: Database,
    private readonly policy: LockoutPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  userLockedUntil(userId: string, trx?: Trx): Promise<number | undefined> {
    return orUnavailable(async () => {
      const now = this.now();
      // Only the newest `perUser` failures can make a lock (lockedUntil looks at no more).
      const rows = await (trx ?? this.db)
        .selectFrom('redeem_failures')
        .select('at')
        .where('user_id', '=', userId)
        .where('at', '>', now - horizonOf(this.policy))
        .orderBy('at', 'desc')
        .limit(this.policy.perUser)
        .execute();
      const times = rows.map((r) => Number(r.at)).reverse();
      return lockedUntil(times, this.policy.perUser, this.policy, now);
    });
  }

  addressDelayMs(address: string): Promise<number> {
    return orUnavailable(async () => {
      const row = await this.db
        .selectFrom('redeem_failures')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('address', '=', address)
        .where('at', '>', this.now() - this.policy.windowMs)
        .executeTakeFirstOrThrow();
      return addressDelayFor(Number(row.n), this.policy);
    });
  }

  async recordFailure(trx: Trx, userId: string, address: string): Promise<void> {
    await trx.insertInto('redeem_failures').values({ user_id: userId, address, at: this.now() }).execute();
  }
}
