/**
 * Several server nodes in this process, sharing what a cluster's nodes share: the database, the keys (KEYS_DIR), Redis
 * (REDIS_URL when given) and one public origin — the first node's, so every node's identity provider issues and checks
 * the same tokens, as behind a load balancer. The database is DATABASE_URL when given; with REDIS_URL (a cluster, which
 * needs PostgreSQL) a fresh database on a PostgreSQL of the test's own (tests/support/postgres.ts); else one DATA_DIR's
 * SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppOptions } from '../../server/app.ts';
import { createDatabase, dropDatabase, type PostgresServer, startPostgres } from './postgres.ts';
import { freshTestDatabase, testsRunOnPostgres } from './test-database.ts';
import { startTestServer, type TestServer } from './test-server.ts';

export interface TestNodes {
  nodes: TestServer[];
  /** The folder every node uses as its DATA_DIR. */
  dataDir: string;
  close(): Promise<void>;
}

export async function startTestNodes(
  count: number,
  env: Record<string, string> = {},
  options: Pick<AppOptions, 'logStream' | 'now' | 'staticDir'> = {},
): Promise<TestNodes> {
  const dataDir = mkdtempSync(join(tmpdir(), 'remote-help-nodes-'));
  let postgres: PostgresServer | undefined;
  let database: string | undefined;
  const nodes: TestServer[] = [];
  const release = async () => {
    await Promise.allSettled(nodes.slice(1).map((n) => n.close()));
    // The first node last: the others fetch its key set.
    await nodes[0]?.close();
    if (database) await dropDatabase(database);
    await postgres?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    if (env.DATABASE_URL === undefined && testsRunOnPostgres()) {
      // Under the api-postgres project: one fresh database on the run's PostgreSQL for all the nodes.
      database = (await freshTestDatabase()).env.DATABASE_URL;
    } else if (env.REDIS_URL !== undefined && env.DATABASE_URL === undefined) {
      postgres = await startPostgres();
      database = await createDatabase(postgres.url);
    }
    const shared = { DATA_DIR: dataDir, ...(database ? { DATABASE_URL: database } : {}), ...env };
    // Each node its own name (n1, n2…): a session's lease names its owner, and a node starting under another's name
    // would take that node's live sessions back as its own.
    const named = (index: number) => ({ NODE_NAME: `n${index + 1}`, ...shared });
    const first = await startTestServer(named(0), options);
    nodes.push(first);
    // One after another: each runs the migrations and seeds the directory, which the first already did.
    while (nodes.length < count) {
      nodes.push(await startTestServer({ ...named(nodes.length), PUBLIC_ORIGIN: first.origin }, options));
    }
  } catch (error) {
    await release();
    throw error;
  }
  // Ready means connected to what the cluster shares (Redis): polled within a bound, as a load balancer would.
  const deadline = Date.now() + 10_000;
  while (!nodes.every((n) => n.app.readiness.isReady())) {
    if (Date.now() > deadline) {
      const reasons = nodes.map((n) => n.app.readiness.reasons());
      await release();
      throw new Error(`the nodes did not become ready: ${JSON.stringify(reasons)}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { nodes, dataDir, close: release };
}
