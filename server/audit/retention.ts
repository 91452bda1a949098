/**
 * Retention (spec 5.4): the audit log and the ended sessions the Reports page shows are kept for the tenant's
 * `retentionDays` (30 by default), then pruned — hourly, and once when the server starts.
 *
 * Each tenant has its own audit chain (audit-log.ts), and a chain can only lose records from its start: a tenant's
 * records go when they are older than its retention. The chain of no tenant ('') holds the records from before chains
 * were per tenant, of every tenant: one of them goes only when it and every record before it have passed their own
 * tenant's retention. Records of no tenant use the default retention. Each pruning is itself an `audit.pruned` record
 * in the pruned chain carrying the seq and hash of the last pruned record and the number of records pruned through it
 * — the anchor from which `verifyChain` starts that chain (see audit-log.ts).
 *
 * Ended session rows hold no chain, so each tenant's are pruned exactly at its retention, in the same transaction as
 * its chain's pruning.
 */
import { DEFAULT_TENANT_SETTINGS } from '@remote-help/protocol/settings';
import type { Database } from '../db/database.ts';
import type { SettingsStore } from '../policies/settings-store.ts';
import { type AuditLog, latestAnchor, NO_ANCHOR, PRUNED_TYPE, type PruneAnchor } from './audit-log.ts';

export const DAY_MS = 24 * 60 * 60_000;
export const RETENTION_INTERVAL_MS = 60 * 60_000;

export interface RetentionDeps {
  db: Database;
  audit: AuditLog;
  settings: Pick<SettingsStore, 'get'>;
  now?: () => number;
}

export interface PruneResult {
  records: number;
  sessions: number;
}

export async function pruneExpired(deps: RetentionDeps): Promise<PruneResult> {
  const { db, settings } = deps;
  const now = (deps.now ?? Date.now)();
  const retentionMs = new Map<string | null, number>();
  const cutoff = async (tenantId: string | null) => {
    let ms = retentionMs.get(tenantId);
    if (ms === undefined) {
      const days = tenantId ? (await settings.get(tenantId)).retentionDays : DEFAULT_TENANT_SETTINGS.retentionDays;
      ms = days * DAY_MS;
      retentionMs.set(tenantId, ms);
    }
    return now - ms;
  };

  const chains = new Set((await db.selectFrom('audit_log').select('chain').distinct().execute()).map((r) => r.chain));
  const ended = await db
    .selectFrom('sessions')
    .select('tenant_id')
    .distinct()
    .where('ended_at', 'is not', null)
    .execute();
  for (const { tenant_id } of ended) chains.add(tenant_id);

  const total: PruneResult = { records: 0, sessions: 0 };
  for (const chain of [...chains].sort()) {
    const pruned = await pruneChain(deps, chain, cutoff);
    total.records += pruned.records;
    total.sessions += pruned.sessions;
  }
  return total;
}

/** Prunes one chain's expired start, and — for a tenant's chain — the tenant's expired ended sessions. */
async function pruneChain(
  { db, audit }: RetentionDeps,
  chain: string,
  cutoff: (tenantId: string | null) => Promise<number>,
): Promise<PruneResult> {
  // The expired start of the chain. Read outside the transaction (settings may need the database, which a transaction
  // holds): these records are old and only ever removed here, while new ones are appended at the other end.
  const anchor = (await latestAnchor(db, chain)) ?? NO_ANCHOR;
  let through: PruneAnchor | undefined;
  let records = 0;
  let after = 0;
  walk: for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .select(['seq', 'at', 'tenant_id', 'hash'])
      .where('chain', '=', chain)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(500)
      .execute();
    if (page.length === 0) break;
    for (const r of page) {
      if (r.at >= (await cutoff(r.tenant_id))) break walk;
      records += 1;
      through = { throughSeq: r.seq, throughHash: r.hash, throughCount: anchor.throughCount + records };
      after = r.seq;
    }
  }
  const tenantId = chain === '' ? null : chain;
  const sessionsBefore = tenantId === null ? undefined : await cutoff(tenantId);

  return audit.transaction(async (trx, record) => {
    if (through) {
      await trx.deleteFrom('audit_log').where('chain', '=', chain).where('seq', '<=', through.throughSeq).execute();
    }
    let sessions = 0;
    if (tenantId !== null && sessionsBefore !== undefined) {
      const result = await trx
        .deleteFrom('sessions')
        .where('tenant_id', '=', tenantId)
        .where('ended_at', 'is not', null)
        .where('ended_at', '<', sessionsBefore)
        .executeTakeFirst();
      sessions = Number(result.numDeletedRows);
    }
    if (records > 0 || sessions > 0) {
      await record({ type: PRUNED_TYPE, tenantId, data: { records, sessions, ...(through ?? anchor) } });
    }
    return { records, sessions };
  });
}

/**
 * Prunes now and then every `intervalMs`; `stop` waits for a pruning under way. `claim` says whether this node runs a
 * round: always when it is alone, and in a cluster only when it is the first node to claim the round (one prunes).
 */
export function startRetention(
  deps: RetentionDeps,
  onError: (error: unknown) => void,
  intervalMs = RETENTION_INTERVAL_MS,
  claim: () => Promise<boolean> = async () => true,
): { stop(): Promise<void> } {
  return startRounds(() => pruneExpired(deps), { intervalMs, claim, onError });
}

/** Runs `job` now and every `intervalMs`, one round at a time, each only if `claim` grants it; errors go to `onError`. */
export function startRounds(
  job: () => Promise<unknown>,
  options: { intervalMs: number; claim: () => Promise<boolean>; onError: (error: unknown) => void },
): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running
      .then(options.claim)
      .then((mine) => (mine ? job() : undefined))
      .then(() => undefined, options.onError);
  };
  run();
  const timer = setInterval(run, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
