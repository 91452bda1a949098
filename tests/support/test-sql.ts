/**
 * Raw SQL on a test server's stored data — its SQLite file, or its PostgreSQL database — for tests that read or
 * tamper with rows behind the server's back (an attacker with write access to the database). `?` placeholders.
 */
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { createDatabase } from './postgres.ts';

export interface TestSql {
  all<T>(statement: string, params?: unknown[]): Promise<T[]>;
  run(statement: string, params?: unknown[]): Promise<void>;
  close(): Promise<void>;
}

/** Where a server kept its data: DATABASE_URL if it had one, else the SQLite file in its data folder. */
export interface StoredData {
  dataDir: string;
  databaseUrl?: string;
}

export async function openTestSql(data: StoredData): Promise<TestSql> {
  if (!data.databaseUrl) {
    const db = new SQLite(join(data.dataDir, 'remote-help.sqlite'));
    return {
      all: async <T>(statement: string, params: unknown[] = []) => db.prepare(statement).all(...params) as T[],
      run: async (statement, params = []) => {
        db.prepare(statement).run(...params);
      },
      close: async () => {
        db.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: data.databaseUrl });
  await client.connect();
  // PostgreSQL numbers its placeholders.
  const numbered = (statement: string) => {
    let n = 0;
    return statement.replace(/\?/g, () => `$${++n}`);
  };
  return {
    all: async <T>(statement: string, params: unknown[] = []) =>
      (await client.query(numbered(statement), params)).rows as T[],
    run: async (statement, params = []) => {
      await client.query(numbered(statement), params);
    },
    close: () => client.end(),
  };
}

/**
 * A copy of a PostgreSQL test database (made from it as a template; nobody may be connected to it meanwhile), as
 * copying a data folder copies a SQLite file.
 */
export async function copyTestDatabase(databaseUrl: string): Promise<string> {
  const source = new URL(databaseUrl).pathname.slice(1);
  if (!/^rh_[0-9a-f]{32}$/.test(source)) throw new Error(`not a test database: ${source}`);
  const server = new URL(databaseUrl);
  server.pathname = '/postgres';
  return createDatabase(server.toString(), source);
}
