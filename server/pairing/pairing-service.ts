/** Pairing by security code (spec 3.1, 3.3): helpers create and cancel codes; sharers redeem them into sessions. */
import { randomUUID } from 'node:crypto';
import { normaliseCode } from '../../src/protocol/code-format.ts';
import type { CreatedCode, ErrorCode, Mode, Session } from '../../src/protocol/schema.ts';
import { ApiError } from '../api/api-error.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Database } from '../db/database.ts';
import { cardFor, type Directory, type DirectoryUser, modesFor } from '../directory/directory.ts';
import { drawUniqueCode, hashCode } from './codes.ts';
import type { RedeemLockout } from './lockout.ts';

/** A helper may hold this many live codes at once (several sessions may be starting). */
export const MAX_ACTIVE_CODES = 20;

const REFUSALS: Record<string, { status: number; message: string }> = {
  code_unknown: { status: 404, message: 'No such security code. Check it with the person helping you.' },
  code_expired: { status: 410, message: 'This security code has expired. Ask for a new one.' },
  code_used: { status: 409, message: 'This security code has already been used. Ask for a new one.' },
  code_cancelled: { status: 410, message: 'The helper cancelled this security code. Ask for a new one.' },
  code_other_tenant: { status: 403, message: 'This security code belongs to another organisation.' },
};

function refusal(code: ErrorCode): ApiError {
  const r = REFUSALS[code] ?? { status: 400, message: 'The security code was refused.' };
  return new ApiError(r.status, code, r.message);
}

export interface PairingDeps {
  db: Database;
  directory: Directory;
  audit: AuditLog;
  lockout: RedeemLockout;
  codeTtlSeconds: number;
  now?: () => number;
}

export class PairingService {
  private readonly now: () => number;

  constructor(private readonly deps: PairingDeps) {
    this.now = deps.now ?? Date.now;
  }

  private async helpModes(helper: DirectoryUser): Promise<Mode[]> {
    return modesFor(await this.deps.directory.permissionsOf(helper.id));
  }

  async createCode(helper: DirectoryUser): Promise<CreatedCode> {
    const { db, audit, codeTtlSeconds } = this.deps;
    const modes = await this.helpModes(helper);
    if (modes.length === 0) throw new ApiError(403, 'forbidden', 'Your roles do not allow you to give help.');
    const now = this.now();
    const active = await db
      .selectFrom('codes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('helper_id', '=', helper.id)
      .where('status', '=', 'active')
      .where('expires_at', '>', now)
      .executeTakeFirstOrThrow();
    if (Number(active.n) >= MAX_ACTIVE_CODES) {
      throw new ApiError(429, 'too_many_codes', 'You have too many security codes waiting. Cancel one first.');
    }
    const code = await drawUniqueCode(async (c) =>
      Boolean(await db.selectFrom('codes').select('code_hash').where('code_hash', '=', hashCode(c)).executeTakeFirst()),
    );
    const expiresAt = now + codeTtlSeconds * 1000;
    await db
      .insertInto('codes')
      .values({
        code_hash: hashCode(code),
        tenant_id: helper.tenantId,
        helper_id: helper.id,
        permitted_modes: JSON.stringify(modes),
        created_at: now,
        expires_at: expiresAt,
        status: 'active',
        session_id: null,
      })
      .execute();
    await audit.append({ type: 'code.created', tenantId: helper.tenantId, actorId: helper.id, data: { modes } });
    return { code, expiresAt: new Date(expiresAt).toISOString(), ttlSeconds: codeTtlSeconds, permittedModes: modes };
  }

  async cancelCode(helper: DirectoryUser, rawCode: string): Promise<void> {
    const code = normaliseCode(rawCode);
    if (!code) throw new ApiError(400, 'code_malformed', 'That is not a security code.');
    const result = await this.deps.db
      .updateTable('codes')
      .set({ status: 'cancelled' })
      .where('code_hash', '=', hashCode(code))
      .where('helper_id', '=', helper.id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new ApiError(404, 'not_found', 'No such active code of yours.');
    await this.deps.audit.append({ type: 'code.cancelled', tenantId: helper.tenantId, actorId: helper.id });
  }

  private async refuse(sharer: DirectoryUser, address: string, code: ErrorCode, helperId?: string): Promise<never> {
    const { lockout, audit } = this.deps;
    await lockout.recordFailure(sharer.id, address);
    await audit.append({
      type: 'code.refused',
      tenantId: sharer.tenantId,
      actorId: sharer.id,
      subjectId: helperId ?? null,
      data: { reason: code, address },
    });
    // The failure that completes a lock-out says so at once, rather than on the next attempt.
    const until = await lockout.userLockedUntil(sharer.id);
    if (until !== undefined) throw this.locked(until);
    throw refusal(code);
  }

  private locked(until: number): ApiError {
    return new ApiError(
      429,
      'redeem_locked',
      'Too many wrong security codes. You can try again in a few minutes.',
      new Date(until),
    );
  }

  async redeem(sharer: DirectoryUser, rawCode: string, address: string): Promise<{ session: Session; code: string }> {
    const { db, directory, audit, lockout } = this.deps;
    const userUntil = await lockout.userLockedUntil(sharer.id);
    if (userUntil !== undefined) throw this.locked(userUntil);
    const addressUntil = await lockout.addressLockedUntil(address);
    if (addressUntil !== undefined) {
      throw new ApiError(
        429,
        'address_locked',
        'Too many wrong security codes from this network. Try again later.',
        new Date(addressUntil),
      );
    }
    const code = normaliseCode(rawCode);
    if (!code) throw new ApiError(400, 'code_malformed', 'A security code has 8 letters and digits.');

    const row = await db.selectFrom('codes').selectAll().where('code_hash', '=', hashCode(code)).executeTakeFirst();
    const now = this.now();
    if (!row) return this.refuse(sharer, address, 'code_unknown');
    // Another tenant's code says nothing about its state.
    if (row.tenant_id !== sharer.tenantId) return this.refuse(sharer, address, 'code_other_tenant', row.helper_id);
    if (row.status === 'used') return this.refuse(sharer, address, 'code_used', row.helper_id);
    if (row.status === 'cancelled') return this.refuse(sharer, address, 'code_cancelled', row.helper_id);
    if (row.expires_at <= now) return this.refuse(sharer, address, 'code_expired', row.helper_id);

    const helper = await directory.findUser(row.helper_id);
    const modes = helper ? await this.helpModes(helper) : [];
    if (!helper || modes.length === 0) {
      await audit.append({
        type: 'code.refused',
        tenantId: sharer.tenantId,
        actorId: sharer.id,
        data: { reason: 'helper_not_permitted' },
      });
      throw new ApiError(
        403,
        'helper_not_permitted',
        'The person who made this code is no longer allowed to give help.',
      );
    }

    const sessionId = randomUUID();
    // The conditional update is the single point where a code is spent: of two racing redeems only one wins.
    const spent = await db
      .updateTable('codes')
      .set({ status: 'used', session_id: sessionId })
      .where('code_hash', '=', row.code_hash)
      .where('status', '=', 'active')
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (spent.numUpdatedRows === 0n) return this.refuse(sharer, address, 'code_used', row.helper_id);

    await db
      .insertInto('sessions')
      .values({
        id: sessionId,
        tenant_id: sharer.tenantId,
        helper_id: helper.id,
        sharer_id: sharer.id,
        permitted_modes: JSON.stringify(modes),
        started_at: now,
        ended_at: null,
        end_reason: null,
      })
      .execute();
    await audit.append({
      type: 'code.redeemed',
      tenantId: sharer.tenantId,
      actorId: sharer.id,
      subjectId: helper.id,
      data: { sessionId },
    });
    await audit.append({
      type: 'session.started',
      tenantId: sharer.tenantId,
      actorId: helper.id,
      subjectId: sharer.id,
      data: { sessionId, modes },
    });
    const session: Session = {
      id: sessionId,
      helper: cardFor(helper),
      sharer: cardFor(sharer),
      permittedModes: modes,
      startedAt: new Date(now).toISOString(),
    };
    return { session, code };
  }
}
