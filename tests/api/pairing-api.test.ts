import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER } from '../fixtures/roster.ts';
import { devSignIn, signInPeople } from '../support/dev-sign-in.ts';
import { openAuthenticatedSocket } from '../support/socket-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
const tokens: Record<string, string> = {};

async function call(method: string, path: string, who?: string, body?: unknown) {
  const res = await fetch(`${server.origin}${path}`, {
    method,
    headers: {
      ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const newCode = async (who = 'alex') => (await call('POST', '/api/codes', who)).body.code as string;

beforeAll(async () => {
  server = await startTestServer({ REDEEM_FAILURES_PER_ADDRESS: '1000' });
  Object.assign(tokens, await signInPeople(server.origin, ['alex', 'lee', 'adele', 'diego', 'pat', 'isaiah']));
});
afterAll(() => server.close());

describe('identity', () => {
  it('refuses requests without a token, or with a tampered one', async () => {
    expect(await call('GET', '/api/me')).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
    const [h, p, s] = (tokens.adele ?? '').split('.');
    const payload = JSON.parse(Buffer.from(p ?? '', 'base64url').toString());
    payload.oid = payload.sub = ROSTER.alex.id;
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    const res = await fetch(`${server.origin}/api/me`, { headers: { authorization: `Bearer ${forged}` } });
    expect(res.status).toBe(401);
  });

  it('describes the signed-in person from the directory', async () => {
    const { status, body } = await call('GET', '/api/me', 'alex');
    expect(status).toBe(200);
    expect(body.card).toMatchObject({
      name: 'Alex Rivera',
      jobTitle: 'IT Support Engineer',
      company: 'Contoso Ltd.',
      domain: 'contoso.test',
      domainVerified: true,
    });
    expect(body.helpModes).toEqual(['view', 'control']);
    expect((await call('GET', '/api/me', 'adele')).body.helpModes).toEqual([]);
    expect((await call('GET', '/api/me', 'lee')).body.helpModes).toEqual(['view']);
    expect((await call('GET', '/api/me', 'pat')).body.card.company).toBe('Fabrikam Inc.');
  });

  it('the sign-in form refuses people who are not in the directory', async () => {
    await expect(devSignIn(server.origin, 'mallory@contoso.test')).rejects.toThrow(/refused/);
    await expect(devSignIn(server.origin, ROSTER.adele.email, { password: 'wrong' })).rejects.toThrow(/refused/);
  });
});

describe('codes', () => {
  it('creates a code for people who may help, and only for them', async () => {
    const { status, body } = await call('POST', '/api/codes', 'alex');
    expect(status).toBe(201);
    expect(body.code).toMatch(/^[0-9a-hjkmnp-tv-z]{8}$/);
    expect(body.ttlSeconds).toBe(600);
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(590_000);
    expect(await call('POST', '/api/codes', 'adele')).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden' } },
    });
    expect(await call('POST', '/api/codes', 'isaiah')).toMatchObject({ status: 403 });
  });

  it('pairs, notifies both sockets, and carries the helper’s modes', async () => {
    const helperSocket = await openAuthenticatedSocket(server.origin, tokens.lee ?? '');
    const sharerSocket = await openAuthenticatedSocket(server.origin, tokens.adele ?? '');
    const code = await newCode('lee');
    const { status, body } = await call('POST', '/api/codes/redeem', 'adele', { code: code.toUpperCase() });
    expect(status).toBe(200);
    expect(body.session.permittedModes).toEqual(['view']);
    expect(body.session.helper.name).toBe('Lee Park');
    expect(body.session.sharer.name).toBe('Adele Vance');
    const toHelper = await helperSocket.next((m) => m.type === 'session.paired');
    const toSharer = await sharerSocket.next((m) => m.type === 'session.paired');
    expect(toHelper).toMatchObject({ session: { id: body.session.id }, code });
    expect(toSharer).toMatchObject({ session: { id: body.session.id } });
    expect(toSharer).not.toHaveProperty('code');
    helperSocket.ws.close();
    sharerSocket.ws.close();
  });

  it('refuses used, cancelled, unknown, malformed and other-tenant codes with stable codes', async () => {
    const used = await newCode();
    expect((await call('POST', '/api/codes/redeem', 'adele', { code: used })).status).toBe(200);
    expect(await call('POST', '/api/codes/redeem', 'adele', { code: used })).toMatchObject({
      status: 409,
      body: { error: { code: 'code_used' } },
    });
    const cancelled = await newCode();
    expect((await call('DELETE', `/api/codes/${cancelled}`, 'alex')).status).toBe(204);
    expect((await call('POST', '/api/codes/redeem', 'adele', { code: cancelled })).body.error.code).toBe(
      'code_cancelled',
    );
    expect((await call('POST', '/api/codes/redeem', 'adele', { code: 'zzzzzzzz' })).body.error.code).toBe(
      'code_unknown',
    );
    expect(await call('POST', '/api/codes/redeem', 'adele', { code: 'abc' })).toMatchObject({
      status: 400,
      body: { error: { code: 'code_malformed' } },
    });
    // The refused code is still good for someone in the organisation.
    const foreign = await newCode();
    expect(await call('POST', '/api/codes/redeem', 'pat', { code: 'zzzzzzzz' })).toMatchObject({
      status: 404,
      body: { error: { code: 'code_unknown' } },
    });
    expect((await call('POST', '/api/codes/redeem', 'diego', { code: foreign })).status).toBe(200);
  });

  it('answers another organisation’s code exactly as an unknown one, so codes cannot be probed across tenants', async () => {
    const unknown = await call('POST', '/api/codes/redeem', 'pat', { code: 'zzzzzzzz' });
    const foreign = await call('POST', '/api/codes/redeem', 'pat', { code: await newCode() });
    expect(foreign).toEqual(unknown);
    expect(foreign.body.error.code).toBe('code_unknown');
  });

  it('refuses a helper redeeming their own code, which stays good for the person they help', async () => {
    const code = await newCode('alex');
    expect(await call('POST', '/api/codes/redeem', 'alex', { code })).toMatchObject({
      status: 403,
      body: { error: { code: 'code_own' } },
    });
    expect((await call('POST', '/api/codes/redeem', 'adele', { code })).status).toBe(200);
  });

  it('stores codes keyed with a server secret, never as a bare hash a copy of the database could reverse', async () => {
    const code = await newCode('alex');
    const rows = await server.app.db.selectFrom('codes').select('code_hash').execute();
    const bare = createHash('sha256').update(code).digest('base64url');
    expect(rows.some((r) => r.code_hash === bare)).toBe(false);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('only the helper who made a code can cancel it', async () => {
    const code = await newCode('alex');
    expect((await call('DELETE', `/api/codes/${code}`, 'lee')).status).toBe(404);
    expect((await call('DELETE', `/api/codes/${code}`, 'alex')).status).toBe(204);
  });

  it('rejects malformed and oversized bodies', async () => {
    expect(await call('POST', '/api/codes/redeem', 'adele', { nope: 1 })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_request' } },
    });
    expect((await call('POST', '/api/codes/redeem', 'adele', '{not json')).body.error.code).toBe('invalid_request');
    expect(await call('POST', '/api/codes/redeem', 'adele', { code: 'x'.repeat(20_000) })).toMatchObject({
      status: 413,
      body: { error: { code: 'payload_too_large' } },
    });
  });
});

describe('lock-out', () => {
  it('locks a person out after five failed codes, even from a good code, and says until when', async () => {
    const before = Date.now();
    for (let i = 0; i < 4; i++) {
      expect((await call('POST', '/api/codes/redeem', 'diego', { code: `yyyyyyy${i}` })).body.error.code).toBe(
        'code_unknown',
      );
    }
    const fifth = await call('POST', '/api/codes/redeem', 'diego', { code: 'yyyyyyy9' });
    expect(fifth).toMatchObject({ status: 429, body: { error: { code: 'redeem_locked' } } });
    const retryAt = Date.parse(fifth.body.error.retryAt);
    expect(retryAt - before).toBeGreaterThanOrEqual(600_000 - 5_000);
    expect(retryAt - before).toBeLessThanOrEqual(600_000 + 60_000);
    const good = await newCode();
    expect((await call('POST', '/api/codes/redeem', 'diego', { code: good })).body.error.code).toBe('redeem_locked');
    // Others are not affected, and the good code was not spent by the locked attempt.
    expect((await call('POST', '/api/codes/redeem', 'adele', { code: good })).status).toBe(200);
  });

  it('a burst of 30 wrong codes sent at once is held to five guesses: the rest wait their turn and are locked out', async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        call('POST', '/api/codes/redeem', 'isaiah', { code: `xxxxxx${String(i).padStart(2, '0')}` }),
      ),
    );
    const counts: Record<string, number> = {};
    for (const a of answers) counts[a.body.error.code] = (counts[a.body.error.code] ?? 0) + 1;
    // The fifth wrong guess is answered with the lock-out it completes.
    expect(counts).toEqual({ code_unknown: 4, redeem_locked: 26 });
    const failures = await server.app.db
      .selectFrom('redeem_failures')
      .innerJoin('users', 'users.id', 'redeem_failures.user_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('users.email', '=', ROSTER.isaiah.email)
      .executeTakeFirstOrThrow();
    expect(Number(failures.n)).toBe(5);
  });
});
