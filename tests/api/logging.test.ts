import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER } from '../fixtures/roster.ts';
import { devSignIn } from '../support/dev-sign-in.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const PAIRING_CODE = 'k7m2p9x4';
const ENROLLMENT_TOKEN = 'enroll-3f9a1c7e5b2d4f60';

describe('server logs', () => {
  const lines: string[] = [];
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer({ LOG_LEVEL: 'info' }, { logStream: { write: (line) => lines.push(line) } });
    token = await devSignIn(server.origin, ROSTER.alex.email);
    await fetch(`${server.origin}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    await fetch(`${server.origin}/api/codes/redeem`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'not a code' }),
    });
    // Links people follow and a code cancelled by its value: the secrets are in the URL.
    await fetch(`${server.origin}/join?code=${PAIRING_CODE}`, { headers: { accept: 'text/html' } });
    await fetch(`${server.origin}/enroll?lang=en&token=${ENROLLMENT_TOKEN}`, { headers: { accept: 'text/html' } });
    await fetch(`${server.origin}/api/codes/${PAIRING_CODE}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
  });
  afterAll(() => server.close());

  it('are one JSON object per line, and each request has a request id', () => {
    const records = lines.map((l) => JSON.parse(l) as { reqId?: string; req?: { url: string }; msg: string });
    const me = records.filter((r) => r.req?.url === '/api/me');
    expect(me.length).toBeGreaterThan(0);
    for (const r of me) expect(r.reqId).toMatch(/.+/);
    const completed = records.filter((r) => r.msg === 'request completed');
    expect(new Set(completed.map((r) => r.reqId)).size).toBe(completed.length);
  });

  it('never contain the access token', () => {
    expect(token.length).toBeGreaterThan(100);
    expect(lines.join('\n')).not.toContain(token);
    expect(lines.join('\n')).not.toContain(token.split('.')[2]);
  });

  it('never contain pairing codes or enrollment tokens from URLs, but still say which page was asked for', () => {
    const text = lines.join('\n');
    expect(text).not.toContain(PAIRING_CODE);
    expect(text).not.toContain(ENROLLMENT_TOKEN);
    const urls = lines.map((l) => (JSON.parse(l) as { req?: { url: string } }).req?.url).filter(Boolean);
    expect(urls).toContain('/join?code=[redacted]');
    expect(urls).toContain('/enroll?lang=en&token=[redacted]');
    expect(urls).toContain('/api/codes/[redacted]');
  });
});
