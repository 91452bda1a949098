/**
 * Behind a reverse proxy (issue 11, item 2): a real HAProxy on loopback in front of the real server. Clients connect
 * to the proxy from their own loopback addresses; the proxy reaches the server from 127.0.0.9 and says who the client
 * was in X-Forwarded-For. With TRUST_PROXY naming the proxy, lock-out, rate limits and conditional access see each
 * client; without it, everyone is the proxy; and nobody can claim an address by sending the header themselves.
 */
import { DEFAULT_TENANT_SETTINGS } from '@remote-help/protocol/settings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER } from '../fixtures/roster.ts';
import { devSignIn, signInPeople } from '../support/dev-sign-in.ts';
import { type ProxyProcess, startHaproxy } from '../support/haproxy.ts';
import { requestFrom } from '../support/request-from.ts';
import { openAuthenticatedSocket } from '../support/socket-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const CLIENT_A = '127.0.0.2';
const CLIENT_B = '127.0.0.3';
const PROXY = '127.0.0.9';

async function refusedAddresses(server: TestServer): Promise<string[]> {
  const rows = await server.app.db
    .selectFrom('audit_log')
    .select('data')
    .where('type', '=', 'code.refused')
    .orderBy('seq')
    .execute();
  return rows.map((r) => JSON.parse(r.data).address as string);
}

describe('behind a proxy named in TRUST_PROXY', () => {
  let server: TestServer;
  let proxy: ProxyProcess;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    server = await startTestServer({
      TRUST_PROXY: `${PROXY}, 10.0.0.0/8`,
      REDEEM_FAILURES_PER_ADDRESS: '2',
      RATE_LIMIT_PER_MINUTE: '40',
    });
    proxy = await startHaproxy(server.origin, PROXY);
    Object.assign(tokens, await signInPeople(server.origin, ['adele', 'diego', 'megan', 'isaiah']));
  });
  afterAll(async () => {
    await proxy?.stop();
    await server?.close();
  });

  const redeemVia = async (origin: string, from: string, who: string, headers: Record<string, string> = {}) => {
    const started = performance.now();
    const res = await requestFrom(from, `${origin}/api/codes/redeem`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[who]}`, ...headers },
      body: { code: 'zzzzzzzz' },
    });
    return { ...res, ms: performance.now() - started };
  };

  it('sees each client’s own address: one client’s wrong codes slow down that client only', async () => {
    for (let i = 0; i < 5; i++) await redeemVia(proxy.origin, CLIENT_A, 'adele');
    // Two failures, then waits of 0.25, 0.5 and 1 s: A's next attempt would wait 2 s.
    const b = await redeemVia(proxy.origin, CLIENT_B, 'diego');
    expect(b.status).toBe(404);
    expect(b.ms).toBeLessThan(1000);
    expect(await refusedAddresses(server)).toEqual([CLIENT_A, CLIENT_A, CLIENT_A, CLIENT_A, CLIENT_A, CLIENT_B]);
  });

  it('carries the signalling socket through the proxy', async () => {
    const socket = await openAuthenticatedSocket(proxy.origin, tokens.adele ?? '');
    socket.ws.close();
    expect((await socket.closed).code).toBe(1005);
  });

  it('limits requests per client, not for everyone behind the proxy', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await requestFrom(CLIENT_A, `${proxy.origin}/api/config`)).status);
    expect(statuses).toContain(429);
    expect((await requestFrom(CLIENT_B, `${proxy.origin}/api/config`)).status).toBe(200);
  });

  it('applies address rules to the client, who cannot claim another address with X-Forwarded-For', async () => {
    const put = await requestFrom(CLIENT_B, `${server.origin}/api/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${tokens.isaiah}` },
      body: { ...DEFAULT_TENANT_SETTINGS, sharers: { requireMfa: false, allowedRanges: [`${CLIENT_B}/32`] } },
    });
    expect(put.status).toBe(200);
    try {
      const codeOf = (r: { body: unknown }) => (r.body as { error: { code: string } }).error.code;
      expect(codeOf(await redeemVia(proxy.origin, CLIENT_B, 'megan'))).toBe('code_unknown');
      expect(codeOf(await redeemVia(proxy.origin, '127.0.0.4', 'megan'))).toBe('policy_address');
      // Through the proxy, a forged header is only the left part of the chain; the proxy's own entry counts.
      const forged = { 'x-forwarded-for': CLIENT_B };
      expect(codeOf(await redeemVia(proxy.origin, '127.0.0.4', 'megan', forged))).toBe('policy_address');
      // Straight to the server, a client that is not a trusted proxy is not believed at all.
      expect(codeOf(await redeemVia(server.origin, '127.0.0.4', 'megan', forged))).toBe('policy_address');
    } finally {
      await requestFrom(CLIENT_B, `${server.origin}/api/settings`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${tokens.isaiah}` },
        body: DEFAULT_TENANT_SETTINGS,
      });
    }
  });
});

describe('behind a proxy without TRUST_PROXY', () => {
  it('sees every client as the proxy (the default: no proxy is trusted)', async () => {
    const server = await startTestServer({ REDEEM_FAILURES_PER_ADDRESS: '1000' });
    const proxy = await startHaproxy(server.origin, PROXY);
    try {
      const adele = await devSignIn(server.origin, ROSTER.adele.email);
      for (const from of [CLIENT_A, CLIENT_B]) {
        await requestFrom(from, `${proxy.origin}/api/codes/redeem`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adele}` },
          body: { code: 'zzzzzzzz' },
        });
      }
      expect(await refusedAddresses(server)).toEqual([PROXY, PROXY]);
    } finally {
      await proxy.stop();
      await server.close();
    }
  });
});
