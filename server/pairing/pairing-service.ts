/** Pairing by security code (spec 3.1, 3.3): helpers create and cancel codes; sharers redeem them into sessions. */
import { randomUUID } from 'node:crypto';
import { normaliseCode } from '@remote-help/protocol/code-format';
import type { Mode, Session } from '@remote-help/protocol/domain';
import type { CreatedCode } from '@remote-help/protocol/pairing';
import { sql } from 'kysely';
import type { AuditLog, RecordAudit, Trx } from '../audit/audit-log.ts';
import type { Database } from '../db/database.ts';
import { isPostgres } from '../db/dialect.ts';
import type { DeviceTable } from '../db/tables.ts';
import { sessionDeviceOf } from '../devices/device-registry.ts';
import { type Directory, type DirectoryUser, modesFor } from '../directory/directory.ts';
import { Refusal } from '../domain/refusal.ts';
import type { SettingsStore } from '../policies/settings-store.ts';
import { startSession } from '../sessions/start-session.ts';
import { drawUniqueCode, hashCode } from './codes.ts';
import type { LockoutWindows } from './lockout.ts';

/** A helper may hold this many live codes at once (several sessions may be starting). */
export const MAX_ACTIVE_CODES = 20;

/** Wrong guesses: a code that is not (or no longer) one the sharer can redeem. Each counts towards a lock-out. */
type Unredeemable = 'code_unknown' | 'code_other_tenant' | 'code_expired' | 'code_used' | 'code_cancelled';
const UNREDEEMABLE: Record<Exclude<Unredeemable, 'code_other_tenant'>, string> = {
  code_unknown: 'No such security code. Check it with the person helping you.',
  code_expired: 'This security code has expired. Ask for a new one.',
  code_used: 'This security code has already been used. Ask for a new one.',
  code_cancelled: 'The helper cancelled this security code. Ask for a new one.',
};

/**
 * The answer to a refused code. Another organisation's code is answered exactly as an unknown one: anything else would
 * tell a guesser that a code exists, and somewhere it belongs (the audit log keeps the true reason).
 */
function refusal(reason: Unredeemable): Refusal {
  const code = reason === 'code_other_tenant' ? 'code_unknown' : reason;
  return new Refusal(code, UNREDEEMABLE[code]);
}

/** Refusals by rule, not wrong guesses: audited, never counted towards a lock-out. */
type Forbidden = 'helper_out_of_scope' | 'helper_not_permitted' | 'code_own';
const FORBIDDEN: Record<Forbidden, string> = {
  helper_out_of_scope: 'The person who made this code may not help you.',
  helper_not_permitted: 'The person who made this code is no longer allowed to give help.',
  code_own: 'You made this security code. Give it to the person you want to help.',
};

function locked(until: number): Refusal {
  return new Refusal(
    'redeem_locked',
    'Too many wrong security codes. You can try again in a few minutes.',
    new Date(until),
  );
}

export interface PairingDeps {
  db: Database;
  directory: Directory;
  audit: AuditLog;
  lockout: LockoutWindows;
  codeTtlSeconds: number;
  /** Waits out an address's slow-down; real time by default. */
  sleep?: (ms: number) => Promise<void>;
  /** The HMAC key codes are stored under (server/keys). */
  codeKey: Uint8Array;
  settings: SettingsStore;
  now?: () => number;
}

export class PairingService {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Row locks (FOR UPDATE) are PostgreSQL's. */
  private readonly lockRows: boolean;

  constructor(private readonly deps: PairingDeps) {
    this.lockRows = isPostgres(deps.db);
    this.now = deps.now ?? Date.now;
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  private async helpModes(helper: DirectoryUser): Promise<Mode[]> {
    return modesFor(await this.deps.directory.permissionsOf(helper.id));
  }

  async createCode(helper: DirectoryUser): Promise<CreatedCode> {
    const { audit, codeTtlSeconds } = this.deps;
    const modes = await this.helpModes(helper);
    if (modes.length === 0) throw new Refusal('forbidden', 'Your roles do not allow you to give help.');
    const now = this.now();
    const expiresAt = now + codeTtlSeconds * 1000;
    const code = await audit.transaction(async (trx, record) => {
      // On PostgreSQL two nodes could each count 19 and both insert: the helper's row is locked first, so one
      // helper's code creations take turns (SQLite has one writer at a time, and no FOR UPDATE).
      if (this.lockRows) {
        await trx.selectFrom('users').select('id').where('id', '=', helper.id).forUpdate().execute();
      }
      const active = await trx
        .selectFrom('codes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('helper_id', '=', helper.id)
        .where('status', '=', 'active')
        .where('expires_at', '>', now)
        .executeTakeFirstOrThrow();
      if (Number(active.n) >= MAX_ACTIVE_CODES) {
        throw new Refusal('too_many_codes', 'You have too many security codes waiting. Cancel one first.');
      }
      // The primary key keeps codes unique: a clash (about one in a trillion) fails the insert, and we draw again.
      const drawn = await drawUniqueCode(async (candidate) => {
        const inserted = await trx
          .insertInto('codes')
          .values({
            code_hash: hashCode(candidate, this.deps.codeKey),
            tenant_id: helper.tenantId,
            helper_id: helper.id,
            permitted_modes: JSON.stringify(modes),
            created_at: now,
            expires_at: expiresAt,
            status: 'active',
            session_id: null,
          })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        return inserted.numInsertedOrUpdatedRows === 0n;
      });
      await record({ type: 'code.created', tenantId: helper.tenantId, actorId: helper.id, data: { modes } });
      return drawn;
    });
    return { code, expiresAt: new Date(expiresAt).toISOString(), ttlSeconds: codeTtlSeconds, permittedModes: modes };
  }

  async cancelCode(helper: DirectoryUser, rawCode: string): Promise<void> {
    const code = normaliseCode(rawCode);
    if (!code) throw new Refusal('code_malformed', 'That is not a security code.');
    await this.deps.audit.transaction(async (trx, record) => {
      const result = await trx
        .updateTable('codes')
        .set({ status: 'cancelled' })
        .where('code_hash', '=', hashCode(code, this.deps.codeKey))
        .where('helper_id', '=', helper.id)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw new Refusal('not_found', 'No such active code of yours.');
      await record({ type: 'code.cancelled', tenantId: helper.tenantId, actorId: helper.id });
    });
  }

  /**
   * Makes the person's redemptions take turns, until the transaction ends — across the nodes sharing a PostgreSQL
   * database, by a transaction-scoped advisory lock on the person. Without it a burst of wrong codes sent at once was
   * each checked against the lock-out before any of them was recorded: 30 at once over three nodes were 30 guesses,
   * not five. They wait, never refused: one person's good codes redeemed at once all go through. SQLite needs nothing:
   * its one connection is held by a transaction from begin to commit, so transactions already take turns.
   */
  private async takeTurn(trx: Trx, sharer: DirectoryUser): Promise<void> {
    if (!this.lockRows) return;
    const key = `${sharer.tenantId}:${sharer.id}`;
    await sql`select pg_advisory_xact_lock(hashtext('redeem'), hashtext(${key}))`.execute(trx);
  }

  /** Records a failed redemption in the redeem's transaction; answers the lock-out it completes, if it does. */
  private async recordFailure(
    trx: Trx,
    record: RecordAudit,
    sharer: DirectoryUser,
    address: string,
    code: Unredeemable,
    helperId?: string,
  ): Promise<number | undefined> {
    const { lockout } = this.deps;
    await lockout.recordFailure(trx, sharer.id, address);
    await record({
      type: 'code.refused',
      tenantId: sharer.tenantId,
      actorId: sharer.id,
      subjectId: helperId ?? null,
      data: { reason: code, address },
    });
    return lockout.userLockedUntil(sharer.id, trx);
  }

  /** `device` is the sharer's enrolled device, when the app proved one; without it the sharer is unenrolled. */
  async redeem(
    sharer: DirectoryUser,
    rawCode: string,
    address: string,
    device?: DeviceTable,
  ): Promise<{ session: Session; code: string }> {
    const { directory, audit, lockout } = this.deps;
    const { chatDisabled, allowUnenrolledDevices } = await this.deps.settings.get(sharer.tenantId);
    if (!device && !allowUnenrolledDevices) {
      // A rule, not a wrong guess: audited, not counted towards the lock-out.
      await audit.append({
        type: 'code.refused',
        tenantId: sharer.tenantId,
        actorId: sharer.id,
        data: { reason: 'unenrolled_not_allowed', address },
      });
      throw new Refusal(
        'unenrolled_not_allowed',
        'Your organisation allows help only on enrolled devices. Use the Remote Help app on your work device.',
      );
    }
    // Already locked: answered at once, without the address's slow-down. The check that counts is repeated below, in
    // the person's turn.
    const userUntil = await lockout.userLockedUntil(sharer.id);
    if (userUntil !== undefined) throw locked(userUntil);
    // Slowed, never refused: whoever else shares the address keeps their good code.
    const delay = await lockout.addressDelayMs(address);
    if (delay > 0) await this.sleep(delay);
    const code = normaliseCode(rawCode);
    if (!code) throw new Refusal('code_malformed', 'A security code has 8 letters and digits.');

    const now = this.now();
    // What the code's helper may do, and for this sharer, is looked up before the transaction: the directory reads
    // through its own connection, which waits while a transaction holds the database.
    const owner = await this.deps.db
      .selectFrom('codes')
      .select('helper_id')
      .where('code_hash', '=', hashCode(code, this.deps.codeKey))
      .executeTakeFirst();
    const helperAhead = owner ? await directory.findUser(owner.helper_id) : undefined;
    const modesAhead = helperAhead ? await this.helpModes(helperAhead) : [];
    const coveringAhead = helperAhead
      ? modesFor(await directory.permissionsOver(helperAhead.id, sharer.id, device?.id))
      : [];
    type Outcome =
      | { refused: Unredeemable; helperId?: string }
      | { forbidden: Forbidden; helperId: string }
      | { session: Session };
    const judge = async (trx: Trx, record: RecordAudit): Promise<Outcome> => {
      const row = await trx
        .selectFrom('codes')
        .selectAll()
        .where('code_hash', '=', hashCode(code, this.deps.codeKey))
        .executeTakeFirst();
      if (!row) return { refused: 'code_unknown' };
      // Another tenant's code says nothing about its state, nor (in this tenant's audit log) whose it is.
      if (row.tenant_id !== sharer.tenantId) return { refused: 'code_other_tenant' };
      if (row.helper_id === sharer.id) return { forbidden: 'code_own', helperId: row.helper_id };
      if (row.status === 'used') return { refused: 'code_used', helperId: row.helper_id };
      if (row.status === 'cancelled') return { refused: 'code_cancelled', helperId: row.helper_id };
      if (row.expires_at <= now) return { refused: 'code_expired', helperId: row.helper_id };

      // A code's helper never changes, so what was looked up ahead is this row's.
      const helper = helperAhead?.id === row.helper_id ? helperAhead : undefined;
      const modes = helper ? modesAhead : [];
      // Modes for this sharer: only assignments whose scope covers them count (spec 3.4).
      const covering = helper ? coveringAhead : [];
      // Refusals by rule, not wrong guesses: audited after the transaction (a throw here would roll the record back)
      // and not counted towards the lock-out.
      if (helper && modes.length > 0 && covering.length === 0) {
        return { forbidden: 'helper_out_of_scope', helperId: row.helper_id };
      }
      if (!helper || modes.length === 0) return { forbidden: 'helper_not_permitted', helperId: row.helper_id };
      const sessionId = randomUUID();
      // Spending the code, starting the session and auditing both happen together or not at all. The read above
      // does not hold the row: on PostgreSQL another node may spend the code between it and here, so the update
      // is conditional and exactly one of the racing redemptions changes the row; the others were too late.
      const spent = await trx
        .updateTable('codes')
        .set({ status: 'used', session_id: sessionId })
        .where('code_hash', '=', row.code_hash)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (spent.numUpdatedRows !== 1n) return { refused: 'code_used', helperId: row.helper_id };
      await record({
        type: 'code.redeemed',
        tenantId: sharer.tenantId,
        actorId: sharer.id,
        subjectId: helper.id,
        data: { sessionId },
      });
      const session = await startSession(trx, record, {
        id: sessionId,
        tenantId: sharer.tenantId,
        helper,
        sharer,
        modes: covering,
        device: sessionDeviceOf(device),
        chatDisabled,
        now,
      });
      return { session };
    };
    // Checking the lock-out, judging the code and recording the failure happen in one transaction, in the person's
    // turn: the next of their attempts is checked only once this one's failure is written.
    const outcome = await audit.transaction(async (trx, record): Promise<Outcome | { locked: number }> => {
      await this.takeTurn(trx, sharer);
      const until = await lockout.userLockedUntil(sharer.id, trx);
      if (until !== undefined) return { locked: until };
      const judged = await judge(trx, record);
      if (!('refused' in judged)) return judged;
      // The failure that completes a lock-out is answered with it, so the person knows at once.
      const completed = await this.recordFailure(trx, record, sharer, address, judged.refused, judged.helperId);
      return completed === undefined ? judged : { locked: completed };
    });
    if ('locked' in outcome) throw locked(outcome.locked);
    if ('refused' in outcome) throw refusal(outcome.refused);
    if ('forbidden' in outcome) {
      await audit.append({
        type: 'code.refused',
        tenantId: sharer.tenantId,
        actorId: sharer.id,
        subjectId: outcome.helperId,
        data: { reason: outcome.forbidden },
      });
      throw new Refusal(outcome.forbidden, FORBIDDEN[outcome.forbidden]);
    }
    return { session: outcome.session, code };
  }
}
