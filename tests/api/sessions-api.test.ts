import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { iceConfigFor } from '../../server/sessions/ice-servers.ts';
import { ROSTER } from '../fixtures/roster.ts';
import { makeApiCaller } from '../support/api-caller.ts';
import { devSignIn, signInPeople } from '../support/dev-sign-in.ts';
import { openAuthenticatedSocket, type TestSocket } from '../support/socket-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
const tokens: Record<string, string> = {};
const { pair } = makeApiCaller(() => server.origin, tokens);

const send = (s: TestSocket, m: unknown) => s.sendRaw(JSON.stringify(m));

beforeAll(async () => {
  server = await startTestServer({ SESSION_GRACE_SECONDS: '1' });
  Object.assign(tokens, await signInPeople(server.origin, ['alex', 'adele', 'diego']));
});
afterAll(() => server.close());

describe('live sessions', () => {
  it('relays negotiation and signalling between the two members only, and audits it', async () => {
    const alex = await openAuthenticatedSocket(server.origin, tokens.alex ?? '');
    const adele = await openAuthenticatedSocket(server.origin, tokens.adele ?? '');
    const diego = await openAuthenticatedSocket(server.origin, tokens.diego ?? '');
    const sessionId = await pair('alex', 'adele');

    send(alex, { type: 'session.event', sessionId, event: { type: 'mode.request', mode: 'control' } });
    expect(await adele.next((m) => m.type === 'session.event')).toEqual({
      type: 'session.event',
      sessionId,
      from: 'helper',
      event: { type: 'mode.request', mode: 'control' },
    });
    send(adele, { type: 'session.signal', sessionId, peer: 1, data: { type: 'offer', sdp: 'v=0' } });
    expect(await alex.next((m) => m.type === 'session.signal')).toMatchObject({ peer: 1, data: { sdp: 'v=0' } });

    // Someone outside the session can neither send into it nor see it.
    send(diego, {
      type: 'session.event',
      sessionId,
      event: { type: 'mode.allow', mode: 'control', surface: 'monitor' },
    });
    expect(await diego.next((m) => m.type === 'error')).toMatchObject({ code: 'not_found' });
    // A helper cannot grant consent to themselves.
    send(alex, {
      type: 'session.event',
      sessionId,
      event: { type: 'mode.allow', mode: 'control', surface: 'monitor' },
    });
    expect(await alex.next((m) => m.type === 'error')).toMatchObject({ code: 'forbidden' });

    send(adele, { type: 'session.event', sessionId, event: { type: 'mode.allow', mode: 'view', surface: 'monitor' } });
    await alex.next((m) => m.type === 'session.event');
    const audit = await server.app.db
      .selectFrom('audit_log')
      .select('type')
      .where('data', 'like', `%${sessionId}%`)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.type)).toEqual([
      'code.redeemed',
      'session.started',
      'mode.requested',
      // The helper's attempt to allow for themselves.
      'negotiation.refused',
      'mode.granted',
    ]);

    send(adele, { type: 'session.leave', sessionId });
    expect(await alex.next((m) => m.type === 'session.ended')).toMatchObject({ sessionId, reason: 'sharer_left' });
    const row = await server.app.db
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ end_reason: 'sharer_left', modes_used: '["view"]' });
    expect(row.ended_at).toBeGreaterThanOrEqual(row.started_at);
    for (const s of [alex, adele, diego]) s.ws.close();
  });

  it('lists a person’s open sessions so a reload can return to them', async () => {
    const sessionId = await pair('alex', 'diego');
    const alex = await openAuthenticatedSocket(server.origin, tokens.alex ?? '');
    const diego = await openAuthenticatedSocket(server.origin, tokens.diego ?? '');
    const res = await fetch(`${server.origin}/api/sessions`, { headers: { authorization: `Bearer ${tokens.diego}` } });
    expect(((await res.json()) as { sessions: { id: string }[] }).sessions.map((s) => s.id)).toContain(sessionId);
    send(alex, { type: 'session.leave', sessionId });
    expect(await diego.next((m) => m.type === 'session.ended')).toMatchObject({ reason: 'helper_left' });
    alex.ws.close();
    diego.ws.close();
  });

  it('tells the other side when a member drops, and ends the session when they stay away', async () => {
    const alex = await openAuthenticatedSocket(server.origin, tokens.alex ?? '');
    let adele = await openAuthenticatedSocket(server.origin, tokens.adele ?? '');
    const sessionId = await pair('alex', 'adele');
    adele.ws.close();
    expect(await alex.next((m) => m.type === 'session.presence')).toMatchObject({ sessionId, online: false });
    // Back within the grace period: the session goes on.
    adele = await openAuthenticatedSocket(server.origin, tokens.adele ?? '');
    expect(await alex.next((m) => m.type === 'session.presence')).toMatchObject({ sessionId, online: true });
    adele.ws.close();
    expect(await alex.next((m) => m.type === 'session.ended')).toMatchObject({ sessionId, reason: 'connection_lost' });
    alex.ws.close();
  });
});

describe('ICE servers', () => {
  it('adds short-lived TURN credentials when a secret is configured', () => {
    const { iceServers: servers, iceTransportPolicy } = iceConfigFor(
      {
        iceServers: [{ urls: 'stun:stun.example.test' }, { urls: ['turn:turn.example.test:3478'] }],
        turn: { secret: 's3cret', ttlSeconds: 600 },
        iceTransportPolicy: 'relay',
      },
      'user-1',
      1_000_000,
    );
    expect(iceTransportPolicy).toBe('relay');
    expect(servers[0]).toEqual({ urls: 'stun:stun.example.test' });
    expect(servers[1]).toMatchObject({ username: '1600:user-1' });
    expect(servers[1]?.credential).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it('refuses a relay-only policy without a TURN server, naming the setting', () => {
    const env = { DATA_DIR: '.never-created', ICE_TRANSPORT_POLICY: 'relay' };
    expect(() => loadConfig({ ...env, ICE_SERVERS: '[{"urls":"stun:stun.example.test"}]' })).toThrow(
      /ICE_TRANSPORT_POLICY=relay needs a TURN server in ICE_SERVERS/,
    );
    expect(loadConfig({ ...env, ICE_SERVERS: '[{"urls":"turns:turn.example.test:443"}]' }).iceTransportPolicy).toBe(
      'relay',
    );
  });

  it('are served to signed-in people only', async () => {
    expect((await fetch(`${server.origin}/api/ice-servers`)).status).toBe(401);
    const res = await fetch(`${server.origin}/api/ice-servers`, {
      headers: { authorization: `Bearer ${tokens.alex}` },
    });
    expect(await res.json()).toEqual({ iceServers: [], iceTransportPolicy: 'all' });
  });
});

describe('closing a page', () => {
  it('counts as leaving when no page resumes', async () => {
    const closing = await startTestServer({ SESSION_CLOSING_SECONDS: '1' });
    try {
      const alexToken = await devSignIn(closing.origin, ROSTER.alex.email);
      const adeleToken = await devSignIn(closing.origin, ROSTER.adele.email);
      const alex = await openAuthenticatedSocket(closing.origin, alexToken);
      const adele = await openAuthenticatedSocket(closing.origin, adeleToken);
      const { code } = (await (
        await fetch(`${closing.origin}/api/codes`, {
          method: 'POST',
          headers: { authorization: `Bearer ${alexToken}` },
        })
      ).json()) as { code: string };
      const redeemed = await fetch(`${closing.origin}/api/codes/redeem`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adeleToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      });
      const sessionId = ((await redeemed.json()) as { session: { id: string } }).session.id;

      // A closed tab: nothing resumes, so the sharer has left (server/sessions tests the reload that resumes).
      send(adele, { type: 'session.closing', sessionId });
      expect(await alex.next((m) => m.type === 'session.ended')).toMatchObject({ sessionId, reason: 'sharer_left' });
      alex.ws.close();
      adele.ws.close();
    } finally {
      await closing.close();
    }
  });
});
