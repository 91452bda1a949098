/**
 * Opens the database behind the Kysely query layer and brings its schema up to date: a SQLite file by default (one
 * process, no service to run), or PostgreSQL when DATABASE_URL is set (several nodes sharing one database).
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { SYNC_BUSY_TIMEOUT_MS } from './busy-retry.ts';
import { migrations } from './migrations.ts';
import type { Tables } from './tables.ts';

export type Database = Kysely<Tables>;

/** Where the data lives: PostgreSQL at `databaseUrl` if given, else the SQLite file in `dataDir`. */
export function openConfiguredDatabase(config: { dataDir: string; databaseUrl?: string }): Promise<Database> {
  return config.databaseUrl
    ? openPostgres(config.databaseUrl)
    : openDatabase(join(config.dataDir, 'remote-help.sqlite'));
}

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
  return migrated(new Kysely<Tables>({ dialect: new SqliteDialect({ database }) }));
}

// Times are milliseconds since the epoch in bigint (int8) columns, and counts are int8 too; pg hands int8 back as a
// string (it may exceed 2^53), which made `new Date(row.started_at)` an Invalid Date. Our values stay far below 2^53,
// so read them as numbers — the same as SQLite gives.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);

/** How many connections one node keeps to PostgreSQL. */
const POOL_SIZE = 10;

export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: POOL_SIZE,
    // An unreachable server fails a query within seconds (a clear error) rather than leaving requests hanging.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection the server drops (a restart, a network cut) is reported here; without a listener the 'error'
  // event would end the process. The pool replaces the connection on the next query, so there is nothing to do.
  pool.on('error', () => {});
  return migrated(new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) }));
}

async function migrated(db: Database): Promise<Database> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw error instanceof Error ? error : new Error(String(error));
  }
  return db;
}
