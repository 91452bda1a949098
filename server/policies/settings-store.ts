/**
 * Each tenant's Remote Help settings (spec 5.3, 4.10): read on every code, redemption and session start, so they
 * are served from memory and written through to the database. A tenant without a row has the defaults. A change is
 * published to a cluster's other nodes, which forget their copy; while a node could miss such news it reads through
 * and refuses changes of its own (see domain/invalidations.ts).
 */
import { DEFAULT_TENANT_SETTINGS, type TenantSettings, tenantSettingsSchema } from '@remote-help/protocol/settings';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Database } from '../db/database.ts';
import { type Invalidations, singleProcess } from '../domain/invalidations.ts';
import { unavailable } from '../domain/unavailable.ts';

export class SettingsStore {
  private readonly cache = new Map<string, TenantSettings>();

  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
    private readonly invalidations: Invalidations = singleProcess,
  ) {}

  /** Forgets one tenant's copy, or every one. */
  forget(tenantId?: string): void {
    if (tenantId === undefined) this.cache.clear();
    else this.cache.delete(tenantId);
  }

  async get(tenantId: string): Promise<TenantSettings> {
    const trusted = this.invalidations.listening();
    const cached = trusted ? this.cache.get(tenantId) : undefined;
    if (cached) return cached;
    const row = await this.db
      .selectFrom('tenant_settings')
      .select('settings')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    // A stored row that no longer parses (an older shape) falls back to the defaults rather than locking people out.
    const parsed = row ? tenantSettingsSchema.safeParse(JSON.parse(row.settings)) : undefined;
    const settings = parsed?.success ? parsed.data : DEFAULT_TENANT_SETTINGS;
    if (trusted) this.cache.set(tenantId, settings);
    return settings;
  }

  /** Replaces a tenant's settings and audits the change with what changed. */
  async set(tenantId: string, settings: TenantSettings, actorId: string): Promise<void> {
    if (!this.invalidations.listening()) throw unavailable();
    const before = await this.get(tenantId);
    const at = this.now();
    await this.audit.transaction(async (trx, record) => {
      await trx
        .insertInto('tenant_settings')
        .values({ tenant_id: tenantId, settings: JSON.stringify(settings), updated_at: at, updated_by: actorId })
        .onConflict((oc) =>
          oc
            .column('tenant_id')
            .doUpdateSet({ settings: JSON.stringify(settings), updated_at: at, updated_by: actorId }),
        )
        .execute();
      await record({
        type: 'settings.changed',
        tenantId,
        actorId,
        subjectId: null,
        data: { changed: changedKeys(before, settings), settings },
      });
    });
    this.cache.set(tenantId, settings);
    await this.invalidations.publish({ kind: 'settings', tenantId });
  }
}

function changedKeys(a: TenantSettings, b: TenantSettings): string[] {
  return (Object.keys(b) as (keyof TenantSettings)[]).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}
