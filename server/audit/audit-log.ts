/**
 * The audit log: append-only and tamper-evident. Each record's hash covers its content and the previous record's hash,
 * so changing or removing a record breaks every hash after it.
 *
 * Old records are pruned from the start of the chain only (server/audit/retention.ts). Each pruning appends an
 * `audit.pruned` record naming the last pruned record's seq and hash: that record is itself in the chain, so the chain's
 * new start is anchored by a hashed record and removing any more of the start is detected like any other removal.
 *
 * Records are written inside database transactions. The SQLite driver has one connection, so a transaction holds the
 * log exclusively: the hash of the last record is known exactly while it runs, and restored if it rolls back.
 */
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import { retryWhileBusy } from '../db/busy-retry.ts';
import type { Database } from '../db/database.ts';
import type { Tables } from '../db/tables.ts';

export interface AuditEvent {
  type: string;
  tenantId?: string | null;
  actorId?: string | null;
  subjectId?: string | null;
  data?: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);

export function recordHash(
  prevHash: string,
  r: {
    at: number;
    tenant_id: string | null;
    type: string;
    actor_id: string | null;
    subject_id: string | null;
    data: string;
  },
): string {
  return createHash('sha256')
    .update(JSON.stringify([prevHash, r.at, r.tenant_id, r.type, r.actor_id, r.subject_id, r.data]))
    .digest('hex');
}

export type Trx = Transaction<Tables>;
/** Records events as part of the surrounding transaction. */
export type RecordAudit = (...events: AuditEvent[]) => Promise<void>;

export class AuditLog {
  private constructor(
    private readonly db: Database,
    private readonly now: () => number,
    private lastHash: string,
  ) {}

  static async open(db: Database, now: () => number = Date.now): Promise<AuditLog> {
    const last = await db.selectFrom('audit_log').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return new AuditLog(db, now, last?.hash ?? GENESIS_HASH);
  }

  /**
   * Runs `work` in one transaction with a way to add audit records to it: all of it is written, or none. While
   * another connection holds the database's lock the whole transaction is tried again (so `work` may run more than
   * once; it must only read and write through `trx`).
   */
  transaction<T>(work: (trx: Trx, record: RecordAudit) => Promise<T>): Promise<T> {
    return retryWhileBusy(() =>
      this.db.transaction().execute(async (trx) => {
        const before = this.lastHash;
        try {
          return await work(trx, (...events) => this.write(trx, events));
        } catch (e) {
          this.lastHash = before;
          throw e;
        }
      }),
    );
  }

  /** Appends events on their own. */
  append(...events: AuditEvent[]): Promise<void> {
    return this.transaction((_trx, record) => record(...events));
  }

  private async write(trx: Trx, events: AuditEvent[]): Promise<void> {
    const at = this.now();
    const rows = events.map((event) => {
      const row = {
        at,
        tenant_id: event.tenantId ?? null,
        type: event.type,
        actor_id: event.actorId ?? null,
        subject_id: event.subjectId ?? null,
        data: JSON.stringify(event.data ?? {}),
      };
      const prev_hash = this.lastHash;
      this.lastHash = recordHash(prev_hash, row);
      return { ...row, prev_hash, hash: this.lastHash };
    });
    await trx.insertInto('audit_log').values(rows).execute();
  }
}

export const PRUNED_TYPE = 'audit.pruned';

/** What an `audit.pruned` record says of the chain's start: the last pruned record (seq 0 and genesis: none). */
export interface PruneAnchor {
  throughSeq: number;
  throughHash: string;
}

export function anchorOf(data: string): PruneAnchor | undefined {
  try {
    const d = JSON.parse(data) as Partial<PruneAnchor>;
    return typeof d.throughSeq === 'number' && typeof d.throughHash === 'string'
      ? { throughSeq: d.throughSeq, throughHash: d.throughHash }
      : undefined;
  } catch {
    return undefined;
  }
}

/** The chain's current start according to its latest `audit.pruned` record. */
export async function latestAnchor(db: Database | Trx): Promise<PruneAnchor | undefined> {
  const row = await db
    .selectFrom('audit_log')
    .select('data')
    .where('type', '=', PRUNED_TYPE)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? anchorOf(row.data) : undefined;
}

export interface ChainCheck {
  ok: boolean;
  records: number;
  /** The first record whose hash or link does not hold. */
  firstBroken?: { seq: number; reason: 'hash' | 'link' };
  /** Records up to this seq were pruned by retention. */
  prunedThrough?: number;
}

/**
 * Walks the log in order and recomputes every hash. The first record must follow the genesis hash, or — once records
 * have been pruned — the last pruned record named by the latest `audit.pruned` record (which the walk then verifies).
 */
export async function verifyChain(db: Database): Promise<ChainCheck> {
  const first = await db
    .selectFrom('audit_log')
    .select(['seq', 'prev_hash'])
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  if (!first) return { ok: true, records: 0 };
  const anchor = await latestAnchor(db);
  let prev = anchor?.throughHash ?? GENESIS_HASH;
  if (first.prev_hash !== prev || (anchor && anchor.throughSeq >= first.seq)) {
    return { ok: false, records: 0, firstBroken: { seq: first.seq, reason: 'link' } };
  }
  const pruned = anchor && anchor.throughSeq > 0 ? { prunedThrough: anchor.throughSeq } : {};
  let records = 0;
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(1000)
      .execute();
    if (page.length === 0) return { ok: true, records, ...pruned };
    for (const r of page) {
      if (r.prev_hash !== prev) return { ok: false, records, firstBroken: { seq: r.seq, reason: 'link' } };
      if (recordHash(r.prev_hash, r) !== r.hash)
        return { ok: false, records, firstBroken: { seq: r.seq, reason: 'hash' } };
      prev = r.hash;
      records += 1;
      after = r.seq;
    }
  }
}
