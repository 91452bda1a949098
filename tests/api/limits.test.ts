import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devSignIn } from '../support/dev-sign-in.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

describe('per-address limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ REDEEM_FAILURES_PER_ADDRESS: '3', RATE_LIMIT_PER_MINUTE: '40' });
  });
  afterAll(() => server.close());

  it('locks an address after its failures, whoever signs in from it', async () => {
    const adele = await devSignIn(server.origin, 'adele.sharer@contoso.test');
    const diego = await devSignIn(server.origin, 'diego.sharer@contoso.test');
    const redeem = (token: string) =>
      fetch(`${server.origin}/api/codes/redeem`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ code: 'zzzzzzzz' }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error: { code: string } } }));
    expect((await redeem(adele)).body.error.code).toBe('code_unknown');
    expect((await redeem(diego)).body.error.code).toBe('code_unknown');
    expect((await redeem(adele)).body.error.code).toBe('code_unknown');
    expect(await redeem(diego)).toMatchObject({ status: 429, body: { error: { code: 'address_locked' } } });
  });

  it('limits API requests per address per minute, but not the health check or the app’s own files', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await fetch(`${server.origin}/api/config`)).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    const limited = await fetch(`${server.origin}/api/config`);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);
  });
});
