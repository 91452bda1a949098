/**
 * Schema migrations, written with the query builder so the same list runs on SQLite and on PostgreSQL; where the two
 * engines need different column definitions (`rowNumberKey`), each gets its own. On SQLite every migration's effect
 * is unchanged since it was written: existing files keep migrating.
 */
import type { ColumnDefinitionBuilder, Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import { isPostgres } from './dialect.ts';

/**
 * A primary key the database numbers: SQLite's INTEGER PRIMARY KEY AUTOINCREMENT; on PostgreSQL a bigint identity
 * column (Kysely's autoIncrement() would write MySQL's AUTO_INCREMENT there, which PostgreSQL rejects).
 */
function rowNumberKey(
  db: Kysely<unknown>,
): ['bigint' | 'integer', (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder] {
  return isPostgres(db)
    ? ['bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity()]
    : ['integer', (c) => c.primaryKey().autoIncrement()];
}

export const migrations: Record<string, Migration> = {
  '0001_foundation': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('tenants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('verified_domains', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('job_title', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('roles')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('permissions', 'text', (c) => c.notNull())
        .addColumn('built_in', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('role_assignments')
        .addColumn('id', ...rowNumberKey(db))
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('role_id', 'text', (c) => c.notNull().references('roles.id'))
        .addColumn('principal_id', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('role_assignments_principal').on('role_assignments').column('principal_id').execute();
      await db.schema
        .createTable('codes')
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('helper_id', 'text', (c) => c.notNull())
        .addColumn('permitted_modes', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('session_id', 'text')
        .execute();
      await db.schema.createIndex('codes_helper').on('codes').columns(['helper_id', 'status']).execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('helper_id', 'text', (c) => c.notNull())
        .addColumn('sharer_id', 'text', (c) => c.notNull())
        .addColumn('permitted_modes', 'text', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('ended_at', 'bigint')
        .addColumn('end_reason', 'text')
        .execute();
      await db.schema
        .createTable('redeem_failures')
        .addColumn('id', ...rowNumberKey(db))
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('redeem_failures_user').on('redeem_failures').columns(['user_id', 'at']).execute();
      await db.schema.createIndex('redeem_failures_address').on('redeem_failures').columns(['address', 'at']).execute();
      await db.schema
        .createTable('audit_log')
        .addColumn('seq', ...rowNumberKey(db))
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('tenant_id', 'text')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('subject_id', 'text')
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0002_session_modes_used': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('sessions')
        .addColumn('modes_used', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
      await db.schema.createIndex('sessions_open').on('sessions').column('ended_at').execute();
    },
  },
  '0003_tenant_settings': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('tenant_settings')
        .addColumn('tenant_id', 'text', (c) => c.primaryKey())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0004_rbac_scopes': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('role_assignments')
        .addColumn('principal_type', 'text', (c) => c.notNull().defaultTo('user'))
        .execute();
      // "all", or a JSON list of group ids whose members (people and devices) the assignment covers.
      await db.schema
        .alterTable('role_assignments')
        .addColumn('scope', 'text', (c) => c.notNull().defaultTo('"all"'))
        .execute();
      await db.schema
        .createTable('groups')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('group_members')
        .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id'))
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'user_id'])
        .execute();
    },
  },
  '0005_devices': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('enrollment_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('devices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('owner_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('os', 'text', (c) => c.notNull())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('enrolled_at', 'bigint', (c) => c.notNull())
        .addColumn('last_check_in', 'bigint')
        .addColumn('compliance', 'text', (c) => c.notNull().defaultTo('unknown'))
        .execute();
      await db.schema.createIndex('devices_tenant').on('devices').column('tenant_id').execute();
      await db.schema.alterTable('sessions').addColumn('device_id', 'text').execute();
    },
  },
  '0006_single_use_enrollment_tokens': {
    async up(db: Kysely<unknown>) {
      // Tokens made before this change were promised to enroll any number of devices, so they stay multi-use.
      await db.schema
        .alterTable('enrollment_tokens')
        .addColumn('multi_use', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema.alterTable('enrollment_tokens').addColumn('used_at', 'bigint').execute();
    },
  },
  '0007_session_negotiation': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('sessions').addColumn('negotiation', 'text').execute();
    },
  },
  '0008_keyed_audit_chain': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('audit_log').addColumn('key_id', 'text').execute();
    },
  },
  '0009_pending_launches': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('pending_launches')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('helper_id', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '0010_oidc_entries': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('oidc_entries')
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('grant_id', 'text')
        .addColumn('user_code', 'text')
        .addColumn('uid', 'text')
        .addColumn('expires_at', 'bigint')
        .addColumn('consumed_at', 'bigint')
        .addPrimaryKeyConstraint('oidc_entries_pk', ['model', 'id'])
        .execute();
      await db.schema.createIndex('oidc_entries_grant').on('oidc_entries').column('grant_id').execute();
      await db.schema.createIndex('oidc_entries_uid').on('oidc_entries').columns(['model', 'uid']).execute();
    },
  },
  /** Group members are people or devices, and say which: a device id no longer sits in a column named user_id. */
  '0011_group_member_types': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('group_members').renameColumn('user_id', 'member_id').execute();
      await db.schema
        .alterTable('group_members')
        .addColumn('member_type', 'text', (c) => c.notNull().defaultTo('person'))
        .execute();
      await sql`update group_members set member_type = 'device' where member_id in (select id from devices)`.execute(
        db,
      );
      await db.schema
        .createIndex('group_members_member')
        .on('group_members')
        .columns(['member_type', 'member_id'])
        .execute();
    },
  },
  /**
   * One audit chain per tenant, each with its head in a row the writing transaction locks (audit-log.ts): several
   * writers (a pool, several nodes) append without forking a chain, and tenants do not wait for each other. Records
   * from before belong to the chain '' (they were one chain for all tenants), which its head continues; that chain had
   * no gaps in its seqs, so its count is its newest seq.
   */
  '0012_audit_chain_per_tenant': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('audit_log')
        .addColumn('chain', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema.createIndex('audit_log_chain').on('audit_log').columns(['chain', 'seq']).execute();
      await db.schema.createIndex('audit_log_type').on('audit_log').columns(['type', 'seq']).execute();
      await db.schema
        .createTable('audit_heads')
        .addColumn('chain', 'text', (c) => c.primaryKey())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('count', 'bigint', (c) => c.notNull())
        .execute();
      await sql`insert into audit_heads (chain, seq, hash, count)
        select '', seq, hash, seq from audit_log order by seq desc limit 1`.execute(db);
    },
  },
  /** One owner node per live session, by lease (server/sessions/session-leases.ts), and its deadlines as times. */
  '0013_session_leases': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('sessions').addColumn('owner_node', 'text').execute();
      await db.schema
        .alterTable('sessions')
        .addColumn('owner_epoch', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('sessions').addColumn('lease_until', 'bigint').execute();
      await db.schema.alterTable('sessions').addColumn('grace_deadlines', 'text').execute();
    },
  },
};
