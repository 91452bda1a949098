/**
 * Several server nodes in this process, sharing what a cluster's nodes share: the database (one DATA_DIR's SQLite
 * file, or DATABASE_URL when given), the keys (KEYS_DIR), Redis (REDIS_URL when given) and one public origin — the
 * first node's, so every node's identity provider issues and checks the same tokens, as behind a load balancer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppOptions } from '../../server/app.ts';
import { freshTestDatabase } from './test-database.ts';
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
  // Under the api-postgres project, one fresh PostgreSQL database for all the nodes (unless the caller names one).
  const database = env.DATABASE_URL === undefined ? await freshTestDatabase() : { env: {}, drop: async () => {} };
  const shared = { DATA_DIR: dataDir, ...database.env, ...env };
  const first = await startTestServer(shared, options);
  const nodes = [first];
  try {
    // One after another: each runs the migrations and seeds the directory, which the first already did.
    while (nodes.length < count) nodes.push(await startTestServer({ ...shared, PUBLIC_ORIGIN: first.origin }, options));
  } catch (error) {
    await Promise.allSettled(nodes.map((n) => n.close()));
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    nodes,
    dataDir,
    async close() {
      // The others first: they fetch the first node's key set.
      await Promise.allSettled(nodes.slice(1).map((n) => n.close()));
      await first.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
