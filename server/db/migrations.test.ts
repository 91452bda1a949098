import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from './migrations.ts';

let db: Kysely<unknown>;
afterEach(() => db.destroy());

async function migrateTo(name: string) {
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo(name);
  if (error) throw error;
}

describe('0011_group_member_types', () => {
  it('marks the members of existing groups as people or devices, keeping every membership', async () => {
    db = new Kysely({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
    await migrateTo('0010_oidc_entries');
    await sql`insert into tenants (id, name, verified_domains) values ('t', 'T', '[]')`.execute(db);
    await sql`insert into users (id, tenant_id, email, name, job_title) values ('u1', 't', 'a@t.test', 'A', '')`.execute(
      db,
    );
    await sql`insert into devices (id, tenant_id, owner_id, name, os, secret_hash, enrolled_at, last_check_in, compliance)
      values ('d1', 't', 'u1', 'Laptop', 'Windows', 'x', 0, null, 'unknown')`.execute(db);
    await sql`insert into groups (id, tenant_id, name) values ('g', 't', 'Sales')`.execute(db);
    await sql`insert into group_members (group_id, user_id) values ('g', 'u1'), ('g', 'd1')`.execute(db);

    await migrateTo('0011_group_member_types');

    const rows = await sql<{ group_id: string; member_type: string; member_id: string }>`
      select group_id, member_type, member_id from group_members order by member_id`.execute(db);
    expect(rows.rows).toEqual([
      { group_id: 'g', member_type: 'device', member_id: 'd1' },
      { group_id: 'g', member_type: 'person', member_id: 'u1' },
    ]);
  });
});

describe('0012_audit_chain_per_tenant', () => {
  it('makes the one chain of every tenant the chain of no tenant, which the new head continues', async () => {
    db = new Kysely({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
    await migrateTo('0011_group_member_types');
    for (const seq of [1, 2, 3]) {
      await sql`insert into audit_log (seq, at, tenant_id, type, actor_id, subject_id, data, prev_hash, hash, key_id)
        values (${seq}, 0, ${seq === 2 ? 't' : null}, 'x', null, null, '{}', ${`h${seq - 1}`}, ${`h${seq}`}, null)`.execute(
        db,
      );
    }
    await migrateTo('0012_audit_chain_per_tenant');
    const chains = await sql<{ chain: string }>`select distinct chain from audit_log`.execute(db);
    expect(chains.rows).toEqual([{ chain: '' }]);
    const heads = await sql`select chain, seq, hash, count from audit_heads`.execute(db);
    expect(heads.rows).toEqual([{ chain: '', seq: 3, hash: 'h3', count: 3 }]);
  });
});
