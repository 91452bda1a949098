/**
 * The audit log: append-only and tamper-evident. Each record's hash is an HMAC, under a key kept outside the database
 * (audit-keys.ts, named in the record by its id), of its content and the previous record's hash: changing or removing
 * a record breaks every hash after it, and without the key nobody can compute them again. What the chain alone cannot
 * show — its newest records removed — the signed checkpoints show (checkpoints.ts).
 *
 * There is one chain per tenant (its `chain` is the tenant's id; records of no tenant form the chain ''), so writers
 * for different tenants never wait for each other. A chain's head — its newest record's seq and hash and how many
 * records it has had — is a row of `audit_heads`, read and moved inside the writing transaction and locked there on
 * PostgreSQL (`FOR UPDATE`): of any number of writers, on any number of nodes, each appends after the record the one
 * before it committed, and a rolled-back transaction leaves the head where it was. SQLite has one writer at a time,
 * which serialises the same reads and writes. Records from before chains were per tenant (one chain for all tenants)
 * are the oldest part of the chain ''.
 *
 * Records written before the chain was keyed (no key id) are hashed with plain SHA-256; they are accepted only as the
 * chain's oldest part, never after a keyed record.
 *
 * Old records are pruned from the start of each chain only (server/audit/retention.ts). Each pruning appends an
 * `audit.pruned` record to that chain naming the last pruned record's seq and hash and the number of records pruned so
 * far: that record is itself in the chain, so the chain's new start is anchored by a hashed record and removing any
 * more of the start is detected like any other removal.
 */
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import { retryWhileBusy } from '../db/busy-retry.ts';
import type { Database } from '../db/database.ts';
import { isPostgres } from '../db/dialect.ts';
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

/** The chain a tenant's records go to; '' for records of no tenant. */
export const chainOf = (tenantId: string | null | undefined): string => tenantId ?? '';

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

/** A chain's newest record and how many records the chain has had (pruned ones included). */
export interface ChainHead {
  seq: number;
  hash: string;
  count: number;
}

export class AuditLog {
  private readonly lockRows: boolean;

  private constructor(
    private readonly db: Database,
    private readonly keys: AuditKeys,
    private readonly now: () => number,
  ) {
    // Row locks are PostgreSQL's; SQLite has no FOR UPDATE (and needs none: it has one writer at a time).
    this.lockRows = isPostgres(db);
  }

  static async open(db: Database, keys: AuditKeys, now: () => number = Date.now): Promise<AuditLog> {
    return new AuditLog(db, keys, now);
  }

  /**
   * Runs `work` in one transaction with a way to add audit records to it: all of it is written, or none. While
   * another connection holds the database's lock (or PostgreSQL chose this transaction to break a deadlock) the whole
   * transaction is tried again (so `work` may run more than once; it must only read and write through `trx`).
   *
   * The records are written when `work` is done, just before the commit: a chain's head is locked only for the few
   * statements that append to it, not for the rest of the transaction, and the chains a transaction appends to are
   * locked in one order (by name), so two transactions never wait for each other's heads.
   */
  async transaction<T>(work: (trx: Trx, record: RecordAudit) => Promise<T>): Promise<T> {
    const { result } = await this.run(work);
    return result;
  }

  /** Appends events on their own; answers their seqs. */
  async append(...events: AuditEvent[]): Promise<number[]> {
    const { seqs } = await this.run((_trx, record) => record(...events));
    return seqs;
  }

  private run<T>(work: (trx: Trx, record: RecordAudit) => Promise<T>): Promise<{ result: T; seqs: number[] }> {
    return retryWhileBusy(() =>
      this.db.transaction().execute(async (trx) => {
        const pending: Pending[] = [];
        const at = () => this.now();
        const result = await work(trx, async (...events) => {
          const when = at();
          for (const event of events) pending.push({ event, at: when });
        });
        const seqs = pending.length > 0 ? await this.write(trx, pending) : [];
        return { result, seqs };
      }),
    );
  }

  /** The chain's head, locked until the transaction ends; a chain's first writer makes its row. */
  private async lockHead(trx: Trx, chain: string): Promise<ChainHead> {
    const read = () => {
      const query = trx.selectFrom('audit_heads').select(['seq', 'hash', 'count']).where('chain', '=', chain);
      return (this.lockRows ? query.forUpdate() : query).executeTakeFirst();
    };
    const head = await read();
    if (head) return head;
    // Two first writers of a chain both insert; the second waits for the first's commit and then inserts nothing.
    await trx
      .insertInto('audit_heads')
      .values({ chain, seq: 0, hash: GENESIS_HASH, count: 0 })
      .onConflict((oc) => oc.column('chain').doNothing())
      .execute();
    const made = await read();
    if (!made) throw new Error(`the audit chain ${JSON.stringify(chain)} has no head`);
    return made;
  }

  /** Appends the transaction's records, each chain's in the order they were recorded; answers their seqs. */
  private async write(trx: Trx, pending: Pending[]): Promise<number[]> {
    const key = this.keys.current;
    const chains = [...new Set(pending.map((p) => chainOf(p.event.tenantId)))].sort();
    const seqs = new Map<Pending, number>();
    for (const chain of chains) {
      let head = await this.lockHead(trx, chain);
      for (const p of pending) {
        if (chainOf(p.event.tenantId) !== chain) continue;
        const { event } = p;
        const row = {
          at: p.at,
          tenant_id: event.tenantId ?? null,
          type: event.type,
          actor_id: event.actorId ?? null,
          subject_id: event.subjectId ?? null,
          data: JSON.stringify(event.data ?? {}),
        };
        const hash = recordHash(head.hash, row, key);
        const inserted = await trx
          .insertInto('audit_log')
          .values({ ...row, chain, prev_hash: head.hash, hash, key_id: key.id })
          .returning('seq')
          .executeTakeFirstOrThrow();
        head = { seq: Number(inserted.seq), hash, count: head.count + 1 };
        seqs.set(p, head.seq);
      }
      await trx.updateTable('audit_heads').set(head).where('chain', '=', chain).execute();
    }
    return pending.map((p) => seqs.get(p) ?? 0);
  }
}

/** An event recorded in a transaction, waiting to be appended at its end. */
interface Pending {
  event: AuditEvent;
  at: number;
}

/** Every chain's head as committed, by chain. */
export async function chainHeads(db: Database): Promise<Map<string, ChainHead>> {
  const rows = await db.selectFrom('audit_heads').selectAll().where('count', '>', 0).orderBy('chain').execute();
  return new Map(rows.map((r) => [r.chain, { seq: r.seq, hash: r.hash, count: r.count }]));
}

export const PRUNED_TYPE = 'audit.pruned';

/**
 * What an `audit.pruned` record says of its chain's start: the last pruned record (seq 0 and genesis: none) and how
 * many records the chain had through it. Anchors written while there was one chain for all tenants have no count:
 * that chain's seqs had no gaps, so its count is the seq.
 */
export interface PruneAnchor {
  throughSeq: number;
  throughHash: string;
  throughCount: number;
}

export const NO_ANCHOR: PruneAnchor = { throughSeq: 0, throughHash: GENESIS_HASH, throughCount: 0 };

export function anchorOf(data: string): PruneAnchor | undefined {
  try {
    const d = JSON.parse(data) as Partial<PruneAnchor>;
    if (typeof d.throughSeq !== 'number' || typeof d.throughHash !== 'string') return undefined;
    const throughCount = typeof d.throughCount === 'number' ? d.throughCount : d.throughSeq;
    return { throughSeq: d.throughSeq, throughHash: d.throughHash, throughCount };
  } catch {
    return undefined;
  }
}

/** The chain's current start according to its latest `audit.pruned` record. */
export async function latestAnchor(db: Database | Trx, chain: string): Promise<PruneAnchor | undefined> {
  const row = await db
    .selectFrom('audit_log')
    .select('data')
    .where('chain', '=', chain)
    .where('type', '=', PRUNED_TYPE)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? anchorOf(row.data) : undefined;
}

export type BrokenReason =
  /** Its hash does not match its content (under its key). */
  | 'hash'
  /** It does not follow the record before it in its chain. */
  | 'link'
  /** It names a key that is not in the key file. */
  | 'key'
  /** It has no key though a record before it has one. */
  | 'unkeyed';

export interface ChainCheck {
  ok: boolean;
  /** The records that verified, in every chain (up to the first broken one in its chain). */
  records: number;
  /** The first record (by seq) whose hash, link or key does not hold. */
  firstBroken?: { seq: number; reason: BrokenReason; keyId?: string };
  /** How many records retention pruned from the starts of the chains. */
  pruned?: number;
}

/** What the walk of one chain saw, for checking checkpoints against it (checkpoints.ts). */
export interface ChainEnd {
  /** The newest record, when there is one and the chain holds. */
  last?: { seq: number; hash: string };
  /** The last record pruned from its start (0: none). */
  prunedThrough: number;
}

/** What the walk saw, for checking checkpoints against it (checkpoints.ts). */
export interface ChainWalk extends ChainCheck {
  /** Each chain's end, by chain. */
  chains: Map<string, ChainEnd>;
  /** Records from before the chain was keyed. */
  unkeyed: number;
  /** Hash and position (records in its chain from the genesis through it, pruned ones included) of each watched seq. */
  watched: Map<number, { hash: string; count: number }>;
  /** The records of a given type met on the way, by seq (checkpoints record themselves in the chain ''). */
  ofType: { seq: number; data: string }[];
}

/**
 * Walks every chain in order and recomputes every hash with the record's key. A chain's first record must follow the
 * genesis hash, or — once records have been pruned — the last pruned record named by the chain's latest
 * `audit.pruned` record (which the walk then verifies).
 */
export async function verifyChain(db: Database, keys: AuditKeys): Promise<ChainCheck> {
  const { ok, records, firstBroken, pruned } = await walkChain(db, keys);
  return { ok, records, ...(firstBroken ? { firstBroken } : {}), ...(ok && pruned ? { pruned } : {}) };
}

export async function walkChain(
  db: Database,
  keys: AuditKeys,
  watch: { seqs?: ReadonlySet<number>; type?: string } = {},
): Promise<ChainWalk> {
  const walk: ChainWalk = { ok: true, records: 0, unkeyed: 0, chains: new Map(), watched: new Map(), ofType: [] };
  const chains = await db.selectFrom('audit_log').select('chain').distinct().orderBy('chain').execute();
  for (const { chain } of chains) {
    const broken = await walkOne(db, keys, chain, walk, watch);
    if (broken && (!walk.firstBroken || broken.seq < walk.firstBroken.seq)) walk.firstBroken = broken;
  }
  walk.ofType.sort((a, b) => a.seq - b.seq);
  if (walk.firstBroken) walk.ok = false;
  return walk;
}

/** Walks one chain into `walk`; answers its first broken record, if any. */
async function walkOne(
  db: Database,
  keys: AuditKeys,
  chain: string,
  walk: ChainWalk,
  watch: { seqs?: ReadonlySet<number>; type?: string },
): Promise<ChainCheck['firstBroken']> {
  const end: ChainEnd = { prunedThrough: 0 };
  walk.chains.set(chain, end);
  const first = await db
    .selectFrom('audit_log')
    .select(['seq', 'prev_hash'])
    .where('chain', '=', chain)
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  if (!first) return undefined;
  const anchor = (await latestAnchor(db, chain)) ?? NO_ANCHOR;
  const broken = (seq: number, reason: BrokenReason, keyId?: string) => {
    end.last = undefined;
    return { seq, reason, ...(keyId ? { keyId } : {}) };
  };
  if (first.prev_hash !== anchor.throughHash || anchor.throughSeq >= first.seq) return broken(first.seq, 'link');
  end.prunedThrough = anchor.throughSeq;
  walk.pruned = (walk.pruned ?? 0) + anchor.throughCount;
  let prev = anchor.throughHash;
  let count = anchor.throughCount;
  let keyed = false;
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('chain', '=', chain)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(1000)
      .execute();
    if (page.length === 0) return undefined;
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
      count += 1;
      walk.records += 1;
      if (!key) walk.unkeyed += 1;
      if (watch.seqs?.has(r.seq)) walk.watched.set(r.seq, { hash: r.hash, count });
      if (watch.type && r.type === watch.type) walk.ofType.push({ seq: r.seq, data: r.data });
      end.last = { seq: r.seq, hash: r.hash };
      after = r.seq;
    }
  }
}
