/**
 * Each tenant's Remote Help settings (spec 5.3, 4.10): read on every code, redemption and session start, so they
 * are served from memory and written through to the database. A tenant without a row has the defaults.
 */
import { DEFAULT_TENANT_SETTINGS, type TenantSettings, tenantSettingsSchema } from '@remote-help/protocol/settings';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Database } from '../db/database.ts';

export class SettingsStore {
  private readonly cache = new Map<string, TenantSettings>();

  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
  ) {}

  async get(tenantId: string): Promise<TenantSettings> {
    const cached = this.cache.get(tenantId);
    if (cached) return cached;
    const row = await this.db
      .selectFrom('tenant_settings')
      .select('settings')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    // A stored row that no longer parses (an older shape) falls back to the defaults rather than locking people out.
    const parsed = row ? tenantSettingsSchema.safeParse(JSON.parse(row.settings)) : undefined;
    const settings = parsed?.success ? parsed.data : DEFAULT_TENANT_SETTINGS;
    this.cache.set(tenantId, settings);
    return settings;
  }

  /** Replaces a tenant's settings and audits the change with what changed. */
  async set(tenantId: string, settings: TenantSettings, actorId: string): Promise<void> {
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
  }
}

function changedKeys(a: TenantSettings, b: TenantSettings): string[] {
  return (Object.keys(b) as (keyof TenantSettings)[]).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}
