/**
 * People for the socket benchmarks, written straight into the cluster's directory. A person may hold 20 sockets
 * (server/ws/person-limits.ts), so 10,000 sockets need 500 people; the development directory has seven. In production
 * the directory is filled by the organisation's identity sync, not by the app, so there is no API to add them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { CONTOSO_ID } from '../../server/directory/seed.ts';

export function benchEmail(i: number): string {
  return `bench.person.${i}@contoso.test`;
}

/** Where a server (or a cluster's nodes) keeps its data: its data folder, and PostgreSQL when it was given one. */
export interface BenchStorage {
  dataDir: string;
  databaseUrl?: string;
}

/** Adds people bench.person.0 … n-1 (no roles: sharers) to the database the server or the cluster's nodes use. */
export async function addBenchPeople(storage: BenchStorage, count: number): Promise<void> {
  const rows = Array.from({ length: count }, (_, i) => [
    `bench-${i}`,
    CONTOSO_ID,
    benchEmail(i),
    `Bench Person ${i}`,
    'Benchmark',
  ]);
  const sqliteFile = join(storage.dataDir, 'remote-help.sqlite');
  // The nodes write a SQLite file only when they were given no PostgreSQL they could use.
  if (existsSync(sqliteFile)) {
    const db = new SQLite(sqliteFile, { timeout: 10_000 });
    try {
      const insert = db.prepare(
        'INSERT INTO users (id, tenant_id, email, name, job_title) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      );
      db.transaction(() => {
        for (const row of rows) insert.run(...row);
      })();
    } finally {
      db.close();
    }
    return;
  }
  if (!storage.databaseUrl) throw new Error('the server has neither a SQLite file nor a PostgreSQL');
  const client = new pg.Client({ connectionString: storage.databaseUrl });
  await client.connect();
  try {
    for (const row of rows) {
      await client.query(
        'INSERT INTO users (id, tenant_id, email, name, job_title) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
        row,
      );
    }
  } finally {
    await client.end();
  }
}
