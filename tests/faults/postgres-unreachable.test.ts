/**
 * PostgreSQL going away never ends the process: while it is down, requests that need it are answered
 * service_unavailable (503, a clear, retryable error) and the node reports itself not ready; once it is back the
 * node is ready again and the same requests succeed — no restart of the node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER } from '../fixtures/roster.ts';
import { devSignIn } from '../support/dev-sign-in.ts';
import { createDatabase, type PrivatePostgres, startPrivatePostgres } from '../support/postgres.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';

let postgres: PrivatePostgres;
let server: ServerProcess;
let alex: string;

beforeAll(async () => {
  postgres = await startPrivatePostgres();
  server = await startServerProcess({ DATABASE_URL: await createDatabase(postgres.url), LOG_LEVEL: 'warn' });
  alex = `Bearer ${await devSignIn(server.origin, ROSTER.alex.email)}`;
}, 90_000);
afterAll(async () => {
  await server?.stop();
  await postgres?.stop();
});

const createCode = () => fetch(`${server.origin}/api/codes`, { method: 'POST', headers: { authorization: alex } });

/** Polls /readyz (bounded) until its readiness is `ready`; answers the last body. */
async function readinessBecomes(ready: boolean): Promise<{ ready: boolean; reasons: Record<string, string> }> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const body = (await (await fetch(`${server.origin}/readyz`)).json()) as {
      ready: boolean;
      reasons: Record<string, string>;
    };
    if (body.ready === ready || Date.now() > deadline) return body;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('PostgreSQL unreachable', () => {
  it('answers 503 service_unavailable and is not ready while it is down, and recovers when it returns', async () => {
    expect((await createCode()).status).toBe(201);
    expect((await readinessBecomes(true)).ready).toBe(true);

    await postgres.halt();
    const refused = await createCode();
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('service_unavailable');
    const down = await readinessBecomes(false);
    expect(down.ready).toBe(false);
    expect(down.reasons.database).toMatch(/database unreachable/);
    expect(server.alive()).toBe(true);
    expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);

    await postgres.resume();
    expect((await readinessBecomes(true)).ready).toBe(true);
    expect((await createCode()).status).toBe(201);
    expect(server.alive()).toBe(true);
    expect(server.log.some((l) => l.msg === 'the database cannot be reached')).toBe(true);
  });
});
