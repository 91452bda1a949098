/**
 * Starts the real server (real identity provider, HTTP and WebSocket) on a free loopback port, with a fresh database:
 * a SQLite file in its data folder, or a PostgreSQL database of its own under the api-postgres project.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, type AppOptions, buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { freePort } from './free-port.ts';
import { freshTestDatabase } from './test-database.ts';

export interface TestServer {
  /** Where this server listens (its PUBLIC_ORIGIN unless another was given, as for a cluster's second node). */
  origin: string;
  app: App;
  /** The server's data folder (its SQLite file, when on SQLite, is remote-help.sqlite). */
  dataDir: string;
  /** DATABASE_URL when the server runs on PostgreSQL. */
  databaseUrl?: string;
  close(): Promise<void>;
}

export async function startTestServer(
  env: Record<string, string> = {},
  options: Pick<AppOptions, 'logStream' | 'now' | 'staticDir'> = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'remote-help-test-'));
  // The issuer names the port, so reserve one first, then build the app for it.
  const probe = await freePort();
  // A caller that names its own DATABASE_URL owns that database.
  const database = env.DATABASE_URL === undefined ? await freshTestDatabase() : { env: {}, drop: async () => {} };
  const config = loadConfig({ DATA_DIR: dataDir, PORT: String(probe), LOG_LEVEL: 'silent', ...database.env, ...env });
  const app = await buildApp(config, { staticDir: join(dataDir, 'no-static'), ...options });
  await app.fastify.listen({ port: config.port, host: config.host });
  return {
    origin: `http://${config.host}:${config.port}`,
    app,
    dataDir,
    databaseUrl: config.databaseUrl,
    async close() {
      await app.fastify.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
