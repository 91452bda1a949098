/**
 * Several server nodes in this process, sharing what a cluster's nodes share: the database (one DATA_DIR's SQLite
 * file, or DATABASE_URL when given), the keys (KEYS_DIR), Redis (REDIS_URL when given) and one public origin — the
 * first node's, so every node's identity provider issues and checks the same tokens, as behind a load balancer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppOptions } from '../../server/app.ts';
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
  const shared = { DATA_DIR: dataDir, ...env };
  const first = await startTestServer(shared, options);
  const nodes = [first];
  try {
    // One after another: each runs the migrations and seeds the directory, which the first already did.
    while (nodes.length < count) nodes.push(await startTestServer({ ...shared, PUBLIC_ORIGIN: first.origin }, options));
  } catch (error) {
    await Promise.allSettled(nodes.map((n) => n.close()));
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  // Ready means connected to what the cluster shares (Redis): polled within a bound, as a load balancer would.
  const deadline = Date.now() + 10_000;
  while (!nodes.every((n) => n.app.readiness.isReady())) {
    if (Date.now() > deadline) {
      const reasons = nodes.map((n) => n.app.readiness.reasons());
      await Promise.allSettled(nodes.map((n) => n.close()));
      throw new Error(`the nodes did not become ready: ${JSON.stringify(reasons)}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    nodes,
    dataDir,
    async close() {
      // The others first: they fetch the first node's key set.
      await Promise.allSettled(nodes.slice(1).map((n) => n.close()));
      await first.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
