/**
 * Sockets do not outlive their token or the permissions of their sessions (issue 11, item 7): a socket is closed
 * with `tokenExpired` when its access token expires unless a fresh token for the same person came on it first; a
 * change of roles ends the sessions the helper is no longer permitted.
 */
import { SOCKET_CLOSE } from '@remote-help/protocol/socket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiCaller } from '../support/api-caller.ts';
import { devSignIn, devSignInTokens, refreshDevToken } from '../support/dev-sign-in.ts';
import { openAuthenticatedSocket, openSocket } from '../support/socket-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const TOKEN_SECONDS = 5;

describe('a socket and its token', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ DEV_IDP_TOKEN_SECONDS: String(TOKEN_SECONDS) });
  });
  afterAll(() => server.close());

  it('is closed with tokenExpired when the token expires, as HTTP then refuses it', async () => {
    const token = await devSignIn(server.origin, 'adele.sharer@contoso.test');
    const socket = await openSocket(server.origin);
    const opened = Date.now();
    socket.sendRaw(JSON.stringify({ type: 'auth', token }));
    const ok = await socket.next();
    expect(ok).toMatchObject({ type: 'auth.ok', expiresAt: expect.any(String) });
    const expiresAt = ok.type === 'auth.ok' ? Date.parse(ok.expiresAt) : 0;
    expect(expiresAt - opened).toBeLessThanOrEqual(TOKEN_SECONDS * 1000);
    expect(await socket.closed).toEqual({ code: SOCKET_CLOSE.tokenExpired, reason: 'token expired' });
    // Closed at the expiry (the token's exp is in whole seconds), not before.
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt - 50);
    const me = await fetch(`${server.origin}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);
  });

  it('lives on when a fresh token for the same person comes before the expiry', async () => {
    const tokens = await devSignInTokens(server.origin, 'diego.sharer@contoso.test');
    const socket = await openAuthenticatedSocket(server.origin, tokens.accessToken);
    let closed = false;
    void socket.closed.then(() => {
      closed = true;
    });
    let lastExpiry = 0;
    // Three lifetimes of a token, renewed half-way through each.
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, (TOKEN_SECONDS * 1000) / 2));
      socket.sendRaw(
        JSON.stringify({ type: 'auth', token: await refreshDevToken(server.origin, tokens.refreshToken) }),
      );
      const ok = await socket.next((m) => m.type === 'auth.ok');
      const expiry = ok.type === 'auth.ok' ? Date.parse(ok.expiresAt) : 0;
      expect(expiry).toBeGreaterThan(lastExpiry);
      lastExpiry = expiry;
    }
    expect(closed).toBe(false);
    socket.sendRaw(JSON.stringify({ type: 'ping', id: 9 }));
    expect(await socket.next((m) => m.type === 'pong')).toEqual({ type: 'pong', id: 9 });
    socket.ws.close();
  });

  it('is closed when the fresh token is another person’s', async () => {
    const socket = await openAuthenticatedSocket(
      server.origin,
      await devSignIn(server.origin, 'alex.helper@contoso.test'),
    );
    socket.sendRaw(
      JSON.stringify({ type: 'auth', token: await devSignIn(server.origin, 'megan.elevated@contoso.test') }),
    );
    expect(await socket.closed).toEqual({ code: SOCKET_CLOSE.authFailed, reason: 'a token for another person' });
  });
});

describe('sessions and role changes', () => {
  let server: TestServer;
  const tokens: Record<string, string> = {};
  const { api, pair } = makeApiCaller(() => server.origin, tokens);
  beforeAll(async () => {
    server = await startTestServer();
    for (const [name, email] of [
      ['isaiah', 'isaiah.admin@contoso.test'],
      ['alex', 'alex.helper@contoso.test'],
      ['megan', 'megan.elevated@contoso.test'],
      ['adele', 'adele.sharer@contoso.test'],
      ['diego', 'diego.sharer@contoso.test'],
    ] as const) {
      tokens[name] = await devSignIn(server.origin, email);
    }
  });
  afterAll(() => server.close());

  it('a helper whose role no longer permits the session’s modes: the session ends for policy; others go on', async () => {
    const alex = await openAuthenticatedSocket(server.origin, tokens.alex ?? '');
    const adele = await openAuthenticatedSocket(server.origin, tokens.adele ?? '');
    const megan = await openAuthenticatedSocket(server.origin, tokens.megan ?? '');
    const diego = await openAuthenticatedSocket(server.origin, tokens.diego ?? '');
    const alexSession = await pair('alex', 'adele');
    const meganSession = await pair('megan', 'diego');

    // The administrator takes Alex's Help Desk Operator assignment away.
    const { assignments } = (await (await api('isaiah', 'GET', '/api/admin/assignments')).json()) as {
      assignments: { id: number; principal: { type: string; id: string } }[];
    };
    const alexId = (await server.app.directory.findUserByEmail('alex.helper@contoso.test'))?.id;
    const alexAssignments = assignments.filter((a) => a.principal.type === 'user' && a.principal.id === alexId);
    expect(alexAssignments.length).toBeGreaterThan(0);
    for (const a of alexAssignments) {
      expect((await api('isaiah', 'DELETE', `/api/admin/assignments/${a.id}`)).status).toBe(204);
    }

    const ended = { type: 'session.ended', sessionId: alexSession, reason: 'policy' };
    expect(await alex.next((m) => m.type === 'session.ended')).toEqual(ended);
    expect(await adele.next((m) => m.type === 'session.ended')).toEqual(ended);
    const row = await server.app.db
      .selectFrom('sessions')
      .select(['end_reason', 'ended_at'])
      .where('id', '=', alexSession)
      .executeTakeFirstOrThrow();
    expect(row.end_reason).toBe('policy');
    // Megan's session, still permitted, goes on.
    const meganId = (await server.app.directory.findUserByEmail('megan.elevated@contoso.test'))?.id ?? '';
    expect(server.app.sessions.activeFor(meganId).map((s) => s.id)).toEqual([meganSession]);
    for (const s of [alex, adele, megan, diego]) s.ws.close();
  });
});
