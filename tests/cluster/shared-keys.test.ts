/**
 * Issue 15: two nodes on one DATABASE_URL are one service when given the same KEYS_DIR — each with a data folder of
 * its own, as on two machines. A token issued by one node's development identity provider is accepted by the other,
 * a code made on one is redeemed on the other, and both publish the same agent-grant and sign-in keys.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER } from '../fixtures/roster.ts';
import { devSignIn } from '../support/dev-sign-in.ts';
import { freePort } from '../support/free-port.ts';
import { createDatabase, dropDatabase, type PostgresServer, startPostgres } from '../support/postgres.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let postgres: PostgresServer;
let databaseUrl: string;
let keysDir: string;
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  postgres = await startPostgres();
  databaseUrl = await createDatabase(postgres.url);
  keysDir = mkdtempSync(join(tmpdir(), 'remote-help-shared-keys-'));
  // One public origin for both, as behind a load balancer: A's. Both start at once on the empty KEYS_DIR, and must
  // still end up with one set of keys.
  const port = await freePort();
  const shared = { DATABASE_URL: databaseUrl, KEYS_DIR: keysDir, PUBLIC_ORIGIN: `http://127.0.0.1:${port}` };
  [a, b] = await Promise.all([startTestServer({ ...shared, PORT: String(port) }), startTestServer(shared)]);
}, 60_000);
afterAll(async () => {
  await Promise.allSettled([a?.close(), b?.close()]);
  await dropDatabase(databaseUrl).catch(() => {});
  await postgres?.stop();
  rmSync(keysDir, { recursive: true, force: true });
});

const json = async (url: string) => (await fetch(url)).json();

describe('two nodes, one database, one KEYS_DIR', () => {
  it('publish the same keys though each has its own data folder', async () => {
    expect(a.dataDir).not.toBe(b.dataDir);
    expect(await json(`${b.origin}/api/agent/jwks`)).toEqual(await json(`${a.origin}/api/agent/jwks`));
    expect(await json(`${b.origin}/dev-idp/jwks`)).toEqual(await json(`${a.origin}/dev-idp/jwks`));
  });

  it("accept each other's sign-ins and redeem each other's codes", async () => {
    const call = (origin: string, token: string, path: string, body?: unknown) =>
      fetch(`${origin}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    // Signed by B's provider (every request of the sign-in sent to B); A checks it against its own key set.
    const alexViaB = await devSignIn(a.origin, ROSTER.alex.email, { through: b.origin });
    const adeleViaA = await devSignIn(a.origin, ROSTER.adele.email);

    const created = await call(a.origin, alexViaB, '/api/codes');
    expect(created.status).toBe(201);
    const { code } = (await created.json()) as { code: string };
    const redeemed = await call(b.origin, adeleViaA, '/api/codes/redeem', { code });
    expect(redeemed.status).toBe(200);
  });
});
