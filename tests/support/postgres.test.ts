import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, dropDatabase, type PostgresServer, startPostgres } from './postgres.ts';

describe('private PostgreSQL for tests', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('starts and answers a query', async () => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const { rows } = await client.query<{ version: string }>('SELECT version()');
    await client.end();
    expect(rows[0]?.version).toMatch(/^PostgreSQL \d+/);
  });

  it('gives each caller a fresh, empty database of its own, and drops it', async () => {
    const [a, b] = await Promise.all([createDatabase(server.url), createDatabase(server.url)]);
    expect(a).not.toBe(b);
    const client = new pg.Client({ connectionString: a });
    await client.connect();
    await client.query('CREATE TABLE t (x int)');
    const { rows } = await client.query<{ n: string }>(
      "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'",
    );
    await client.end();
    expect(rows[0]?.n).toBe('1');

    const other = new pg.Client({ connectionString: b });
    await other.connect();
    const { rows: empty } = await other.query<{ n: string }>(
      "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'",
    );
    await other.end();
    expect(empty[0]?.n).toBe('0');

    await dropDatabase(a);
    await dropDatabase(b);
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    const { rows: left } = await admin.query('SELECT 1 FROM pg_database WHERE datname = ANY($1)', [
      [new URL(a).pathname.slice(1), new URL(b).pathname.slice(1)],
    ]);
    await admin.end();
    expect(left).toHaveLength(0);
  });
});
