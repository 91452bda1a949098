/**
 * Retention (spec 5.4): the audit log and the ended sessions the Reports page shows are kept for the tenant's
 * `retentionDays` (30 by default), then pruned — hourly, and once when the server starts.
 *
 * The audit log is one hash chain shared by every tenant, and a chain can only lose records from its start. So a record
 * is pruned only when it is older than its own tenant's retention AND every record before it is pruned too: a tenant
 * with a longer retention holds back the pruning of records after its oldest one (they are kept longer, never shorter).
 * Records of no tenant use the default retention. Each pruning is itself an `audit.pruned` record carrying the seq and
 * hash of the last pruned record — the anchor from which `verifyChain` starts (see audit-log.ts).
 *
 * Ended session rows hold no chain, so each tenant's are pruned exactly at its retention.
 */
import { DEFAULT_TENANT_SETTINGS } from '@remote-help/protocol/settings';
import type { Database } from '../db/database.ts';
import type { SettingsStore } from '../policies/settings-store.ts';
import { type AuditLog, GENESIS_HASH, latestAnchor, PRUNED_TYPE, type PruneAnchor } from './audit-log.ts';

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
  const { db, audit, settings } = deps;
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

  // The expired start of the chain. Read outside the transaction (settings may need the database, which a transaction
  // holds): these records are old and only ever removed here, while new ones are appended at the other end.
  let through: PruneAnchor | undefined;
  let records = 0;
  let after = 0;
  walk: for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .select(['seq', 'at', 'tenant_id', 'hash'])
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(500)
      .execute();
    if (page.length === 0) break;
    for (const r of page) {
      if (r.at >= (await cutoff(r.tenant_id))) break walk;
      through = { throughSeq: r.seq, throughHash: r.hash };
      records += 1;
      after = r.seq;
    }
  }

  const ended = await db
    .selectFrom('sessions')
    .select('tenant_id')
    .distinct()
    .where('ended_at', 'is not', null)
    .execute();
  const sessionCutoffs = await Promise.all(ended.map(async (r) => [r.tenant_id, await cutoff(r.tenant_id)] as const));

  return audit.transaction(async (trx, record) => {
    if (through) await trx.deleteFrom('audit_log').where('seq', '<=', through.throughSeq).execute();
    let sessions = 0;
    for (const [tenantId, before] of sessionCutoffs) {
      const result = await trx
        .deleteFrom('sessions')
        .where('tenant_id', '=', tenantId)
        .where('ended_at', 'is not', null)
        .where('ended_at', '<', before)
        .executeTakeFirst();
      sessions += Number(result.numDeletedRows);
    }
    if (records > 0 || sessions > 0) {
      const anchor = through ?? (await latestAnchor(trx)) ?? { throughSeq: 0, throughHash: GENESIS_HASH };
      await record({ type: PRUNED_TYPE, data: { records, sessions, ...anchor } });
    }
    return { records, sessions };
  });
}

/** Prunes now and then every `intervalMs`; `stop` waits for a pruning under way. */
export function startRetention(
  deps: RetentionDeps,
  onError: (error: unknown) => void,
  intervalMs = RETENTION_INTERVAL_MS,
): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(() => pruneExpired(deps)).then(() => undefined, onError);
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
