/**
 * Which database the servers a test starts use. The `api-postgres` Vitest project sets TEST_DATABASE=postgres and
 * starts one private PostgreSQL for the run (postgres-global-setup.ts, its URL in TEST_POSTGRES_URL); every server
 * then gets a fresh database of its own on it. Otherwise (the default project, benches) servers use SQLite in their
 * data folder, as `npm start` does.
 */
import { createDatabase, dropDatabase } from './postgres.ts';

export interface TestDatabase {
  /** The environment that points a server at it: DATABASE_URL, or nothing for SQLite. */
  env: Record<string, string>;
  /** Removes it (SQLite's file goes with the data folder). */
  drop(): Promise<void>;
}

export function testsRunOnPostgres(): boolean {
  return process.env.TEST_DATABASE === 'postgres';
}

/** A fresh database for one server (or for several nodes that share it). */
export async function freshTestDatabase(): Promise<TestDatabase> {
  if (!testsRunOnPostgres()) return { env: {}, drop: async () => {} };
  const server = process.env.TEST_POSTGRES_URL;
  if (!server) throw new Error('TEST_DATABASE=postgres needs TEST_POSTGRES_URL (set by postgres-global-setup.ts)');
  const url = await createDatabase(server);
  return { env: { DATABASE_URL: url }, drop: () => dropDatabase(url) };
}
