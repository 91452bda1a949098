import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER } from '../fixtures/roster.ts';
import { devSignIn } from '../support/dev-sign-in.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

describe('per-address limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ REDEEM_FAILURES_PER_ADDRESS: '3', RATE_LIMIT_PER_MINUTE: '40' });
  });
  afterAll(() => server.close());

  it('slows an address down past its threshold, progressively, but never refuses a good code from it', async () => {
    const adele = await devSignIn(server.origin, ROSTER.adele.email);
    const diego = await devSignIn(server.origin, ROSTER.diego.email);
    const megan = await devSignIn(server.origin, ROSTER.megan.email);
    const alex = await devSignIn(server.origin, ROSTER.alex.email);
    const redeem = async (token: string, code = 'zzzzzzzz') => {
      const started = performance.now();
      const res = await fetch(`${server.origin}/api/codes/redeem`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      });
      const body = (await res.json()) as { error?: { code: string } };
      return { status: res.status, code: body.error?.code, ms: performance.now() - started };
    };
    // Three failures (the threshold) by two people from this one address: answered at once.
    for (const who of [adele, diego, adele]) expect(await redeem(who)).toMatchObject({ code: 'code_unknown' });
    // Past it, every attempt from the address waits longer than the one before, whoever makes it.
    const waits: number[] = [];
    for (const who of [diego, megan, megan]) {
      const answer = await redeem(who);
      expect(answer.code).toBe('code_unknown');
      waits.push(answer.ms);
    }
    expect(waits[0]).toBeGreaterThanOrEqual(250);
    expect(waits[1]).toBeGreaterThanOrEqual(500);
    expect(waits[2]).toBeGreaterThanOrEqual(1000);
    // Someone with no failures of their own redeems a good code from the same address: slowed, not refused.
    const { code } = (await (
      await fetch(`${server.origin}/api/codes`, { method: 'POST', headers: { authorization: `Bearer ${alex}` } })
    ).json()) as { code: string };
    const good = await redeem(adele, code);
    expect(good.status).toBe(200);
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
