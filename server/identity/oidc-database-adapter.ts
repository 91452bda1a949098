/**
 * The development identity provider's storage (oidc-provider's Adapter) in the server's database (SQLite or
 * PostgreSQL) instead of its in-memory default: sign-ins under way, sessions, grants, codes and refresh tokens survive
 * a restart of the server, so a restart signs nobody out and breaks no sign-in in progress — and nodes sharing one
 * PostgreSQL continue each other's sign-ins.
 */
import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';
import type { Database } from '../db/database.ts';

/** The models whose entries belong to a grant, and go when it is revoked (as in oidc-provider's memory adapter). */
const GRANTABLE = [
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
];

export async function makeDatabaseOidcAdapter(db: Database, now: () => number = Date.now): Promise<AdapterFactory> {
  await db.deleteFrom('oidc_entries').where('expires_at', '<=', now()).execute();
  return (model) => new DatabaseOidcAdapter(db, model, now);
}

class DatabaseOidcAdapter implements Adapter {
  constructor(
    private readonly db: Database,
    private readonly model: string,
    private readonly now: () => number,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const row = {
      model: this.model,
      id,
      payload: JSON.stringify(payload),
      grant_id: typeof payload.grantId === 'string' ? payload.grantId : null,
      user_code: typeof payload.userCode === 'string' ? payload.userCode : null,
      uid: typeof payload.uid === 'string' ? payload.uid : null,
      expires_at: typeof expiresIn === 'number' ? this.now() + expiresIn * 1000 : null,
      consumed_at: null,
    };
    await this.db
      .insertInto('oidc_entries')
      .values(row)
      .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(row))
      .execute();
  }

  find(id: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('id', id);
  }

  findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('uid', uid);
  }

  findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('user_code', userCode);
  }

  private async findWhere(column: 'id' | 'uid' | 'user_code', value: string): Promise<AdapterPayload | undefined> {
    const row = await this.db
      .selectFrom('oidc_entries')
      .select(['payload', 'expires_at', 'consumed_at'])
      .where('model', '=', this.model)
      .where(column, '=', value)
      .executeTakeFirst();
    if (!row || (row.expires_at !== null && row.expires_at <= this.now())) return undefined;
    const payload = JSON.parse(row.payload) as AdapterPayload;
    return row.consumed_at === null ? payload : { ...payload, consumed: row.consumed_at };
  }

  async consume(id: string): Promise<void> {
    await this.db
      .updateTable('oidc_entries')
      .set({ consumed_at: Math.floor(this.now() / 1000) })
      .where('model', '=', this.model)
      .where('id', '=', id)
      .execute();
  }

  async destroy(id: string): Promise<void> {
    await this.db.deleteFrom('oidc_entries').where('model', '=', this.model).where('id', '=', id).execute();
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.db.deleteFrom('oidc_entries').where('grant_id', '=', grantId).where('model', 'in', GRANTABLE).execute();
  }
}
