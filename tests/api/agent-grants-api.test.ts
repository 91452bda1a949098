import { AGENT_GRANT_AUDIENCE, agentGrantClaimsSchema } from '@remote-help/protocol/agent';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiCaller } from '../support/api-caller.ts';
import { signInPeople } from '../support/dev-sign-in.ts';
import { openAuthenticatedSocket } from '../support/socket-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
const tokens: Record<string, string> = {};
const { pair } = makeApiCaller(() => server.origin, tokens);
const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' });

function requestGrant(who: string, sessionId: string, body: unknown) {
  return fetch(`${server.origin}/api/sessions/${sessionId}/agent-grant`, {
    method: 'POST',
    headers: auth(who),
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  server = await startTestServer();
  Object.assign(tokens, await signInPeople(server.origin, ['alex', 'megan', 'lee', 'adele', 'diego']));
});
afterAll(() => server.close());

describe('control agent grants', () => {
  it('gives the sharer a grant for its device and session, signed with the published key, and audits it', async () => {
    const sessionId = await pair('alex', 'adele');
    const res = await requestGrant('adele', sessionId, { device: 'device-1', modes: ['control'] });
    expect(res.status).toBe(200);
    const { token, expiresAt } = (await res.json()) as { token: string; expiresAt: string };
    const jwks = createRemoteJWKSet(new URL('/api/agent/jwks', server.origin));
    const { payload } = await jwtVerify(token, jwks, { issuer: server.origin, audience: AGENT_GRANT_AUDIENCE });
    const claims = agentGrantClaimsSchema.parse(payload);
    expect(claims).toMatchObject({ sub: sessionId, device: 'device-1', modes: ['control'] });
    expect(Date.parse(expiresAt)).toBe(claims.exp * 1000);
    // Short-lived (the page renews it): a leaked grant is soon worthless.
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(60);

    const audit = await server.app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('type', '=', 'agent.grant_issued')
      .execute();
    expect(audit.some((r) => r.data.includes(sessionId) && r.data.includes('device-1'))).toBe(true);
  });

  it('gives elevation only in a session that permits it', async () => {
    const plain = await pair('alex', 'adele');
    const refused = await requestGrant('adele', plain, { device: 'd', modes: ['control', 'elevation'] });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('forbidden');

    const elevated = await pair('megan', 'diego');
    const ok = await requestGrant('diego', elevated, { device: 'd', modes: ['control', 'elevation'] });
    expect(ok.status).toBe(200);
  });

  it('refuses the helper, a view-only session, a stranger, an unknown session and a malformed request', async () => {
    const sessionId = await pair('alex', 'adele');
    expect((await requestGrant('alex', sessionId, { device: 'd', modes: ['control'] })).status).toBe(403);
    expect((await requestGrant('diego', sessionId, { device: 'd', modes: ['control'] })).status).toBe(404);
    expect((await requestGrant('adele', 'no-such-session', { device: 'd', modes: ['control'] })).status).toBe(404);
    expect((await requestGrant('adele', sessionId, { device: '', modes: ['control'] })).status).toBe(400);
    expect((await requestGrant('adele', sessionId, { device: 'd', modes: ['view'] })).status).toBe(400);
    const unsigned = await fetch(`${server.origin}/api/sessions/${sessionId}/agent-grant`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ device: 'd', modes: ['control'] }),
    });
    expect(unsigned.status).toBe(401);

    const viewOnly = await pair('lee', 'diego');
    expect((await requestGrant('diego', viewOnly, { device: 'd', modes: ['control'] })).status).toBe(403);
  });

  it('refuses a grant for a session that has ended, saying so', async () => {
    const sessionId = await pair('alex', 'adele');
    expect((await requestGrant('adele', sessionId, { device: 'd', modes: ['control'] })).status).toBe(200);
    const sharer = await openAuthenticatedSocket(server.origin, tokens.adele ?? '');
    sharer.sendRaw(JSON.stringify({ type: 'session.leave', sessionId }));
    await sharer.next((m) => m.type === 'session.ended');
    sharer.ws.close();
    const refused = await requestGrant('adele', sessionId, { device: 'd', modes: ['control'] });
    expect(refused.status).toBe(410);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('session_ended');
    // Someone who was not in it still learns nothing of it.
    expect((await requestGrant('diego', sessionId, { device: 'd', modes: ['control'] })).status).toBe(404);
  });
});
