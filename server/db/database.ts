/** Opens the SQLite file behind the Kysely query layer and brings its schema up to date. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { SYNC_BUSY_TIMEOUT_MS } from './busy-retry.ts';
import { migrations } from './migrations.ts';
import type { Tables } from './tables.ts';

export type Database = Kysely<Tables>;

export async function openDatabase(file: string): Promise<Database> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  // Another connection's lock is waited out by retrying (busy-retry.ts), not inside the synchronous driver.
  const sqlite = new SQLite(file, { timeout: SYNC_BUSY_TIMEOUT_MS });
  // WAL lets readers run beside the writer; NORMAL sync is durable across process crashes, which is what we need.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // Kysely prepares every query afresh; the query shapes are few, so keep each prepared statement for reuse.
  const statements = new Map<string, SQLite.Statement>();
  const database = {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database }) });
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return db;
}
