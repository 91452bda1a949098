/**
 * Vitest globalSetup of the `api-postgres` project: one private PostgreSQL for the whole run (or TEST_POSTGRES_URL's
 * server), its URL handed to the test workers through the environment they inherit.
 */
import { startPostgres } from './postgres.ts';

export default async function setup(): Promise<() => Promise<void>> {
  const server = await startPostgres();
  process.env.TEST_POSTGRES_URL = server.url;
  return () => server.stop();
}
