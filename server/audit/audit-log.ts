/**
 * The audit log: append-only and tamper-evident. Each record's hash is an HMAC, under a key kept outside the database
 * (audit-keys.ts, named in the record by its id), of its content and the previous record's hash: changing or removing
 * a record breaks every hash after it, and without the key nobody can compute them again. What the chain alone cannot
 * show — its newest records removed — the signed checkpoints show (checkpoints.ts).

 * Records written before the chain was keyed (no key id) are hashed with plain SHA-256; they are accepted only as the
 * chain's oldest part, never after a keyed record.
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
import type { AuditTable, Tables } from '../db/tables.ts';
import { type AuditKey, type AuditKeys, mac } from './audit-keys.ts';

export interface AuditEvent {
  type: string;
  tenantId?: string | null;
  actorId?: string | null;
  subjectId?: string | null;
  data?: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);

/** What a record's hash covers, besides the previous hash and the key id. */
type HashedContent = Pick<AuditTable, 'at' | 'tenant_id' | 'type' | 'actor_id' | 'subject_id' | 'data'>;

/** A record's hash: keyed (HMAC-SHA-256 naming its key), or — for records older than keying — plain SHA-256. */
export function recordHash(prevHash: string, r: HashedContent, key?: AuditKey): string {
  const content = [prevHash, r.at, r.tenant_id, r.type, r.actor_id, r.subject_id, r.data];
  if (key) return mac(key, [...content, key.id]);
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

export type Trx = Transaction<Tables>;
/** Records events as part of the surrounding transaction. */
export type RecordAudit = (...events: AuditEvent[]) => Promise<void>;

export class AuditLog {
  private constructor(
    private readonly db: Database,
    private readonly keys: AuditKeys,
    private readonly now: () => number,
    private lastHash: string,
  ) {}

  static async open(db: Database, keys: AuditKeys, now: () => number = Date.now): Promise<AuditLog> {
    const last = await db.selectFrom('audit_log').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return new AuditLog(db, keys, now, last?.hash ?? GENESIS_HASH);
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
    const key = this.keys.current;
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
      this.lastHash = recordHash(prev_hash, row, key);
      return { ...row, prev_hash, hash: this.lastHash, key_id: key.id };
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

export type BrokenReason =
  /** Its hash does not match its content (under its key). */
  | 'hash'
  /** It does not follow the record before it. */
  | 'link'
  /** It names a key that is not in the key file. */
  | 'key'
  /** It has no key though a record before it has one. */
  | 'unkeyed';

export interface ChainCheck {
  ok: boolean;
  records: number;
  /** The first record whose hash, link or key does not hold. */
  firstBroken?: { seq: number; reason: BrokenReason; keyId?: string };
  /** Records up to this seq were pruned by retention. */
  prunedThrough?: number;
}

/** What the walk saw, for checking checkpoints against it (checkpoints.ts). */
export interface ChainWalk extends ChainCheck {
  /** The newest record, when there is one and the chain holds. */
  last?: { seq: number; hash: string };
  /** Records from before the chain was keyed. */
  unkeyed: number;
  /** Hash and position (records from the genesis through it, pruned ones included) of each watched seq present. */
  watched: Map<number, { hash: string; count: number }>;
  /** The records of a given type met on the way, by seq (checkpoints record themselves in the chain). */
  ofType: { seq: number; data: string }[];
}

/**
 * Walks the log in order and recomputes every hash with the record's key. The first record must follow the genesis
 * hash, or — once records have been pruned — the last pruned record named by the latest `audit.pruned` record (which
 * the walk then verifies).
 */
export async function verifyChain(db: Database, keys: AuditKeys): Promise<ChainCheck> {
  const { ok, records, firstBroken, prunedThrough } = await walkChain(db, keys);
  return { ok, records, ...(firstBroken ? { firstBroken } : {}), ...(ok && prunedThrough ? { prunedThrough } : {}) };
}

export async function walkChain(
  db: Database,
  keys: AuditKeys,
  watch: { seqs?: ReadonlySet<number>; type?: string } = {},
): Promise<ChainWalk> {
  const walk: ChainWalk = { ok: true, records: 0, unkeyed: 0, watched: new Map(), ofType: [] };
  const first = await db
    .selectFrom('audit_log')
    .select(['seq', 'prev_hash'])
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  if (!first) return walk;
  const anchor = await latestAnchor(db);
  let prev = anchor?.throughHash ?? GENESIS_HASH;
  const broken = (seq: number, reason: BrokenReason, keyId?: string): ChainWalk => ({
    ...walk,
    ok: false,
    last: undefined,
    firstBroken: { seq, reason, ...(keyId ? { keyId } : {}) },
  });
  if (first.prev_hash !== prev || (anchor && anchor.throughSeq >= first.seq)) return broken(first.seq, 'link');
  const prunedCount = anchor?.throughSeq ?? 0;
  if (prunedCount > 0) walk.prunedThrough = prunedCount;
  let keyed = false;
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(1000)
      .execute();
    if (page.length === 0) return walk;
    for (const r of page) {
      if (r.prev_hash !== prev) return broken(r.seq, 'link');
      let key: AuditKey | undefined;
      if (r.key_id === null) {
        if (keyed) return broken(r.seq, 'unkeyed');
      } else {
        key = keys.find(r.key_id);
        if (!key) return broken(r.seq, 'key', r.key_id);
        keyed = true;
      }
      if (recordHash(r.prev_hash, r, key) !== r.hash) return broken(r.seq, 'hash');
      prev = r.hash;
      walk.records += 1;
      if (!key) walk.unkeyed += 1;
      // Seqs are never reused and only the chain's start is ever pruned, so a record's position is its seq.
      if (watch.seqs?.has(r.seq)) walk.watched.set(r.seq, { hash: r.hash, count: prunedCount + walk.records });
      if (watch.type && r.type === watch.type) walk.ofType.push({ seq: r.seq, data: r.data });
      walk.last = { seq: r.seq, hash: r.hash };
      after = r.seq;
    }
  }
}
