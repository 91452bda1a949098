import { sessionReportSchema } from '@remote-help/protocol/reports';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER } from '../fixtures/roster.ts';
import { makeApiCaller } from '../support/api-caller.ts';
import { signInPeople } from '../support/dev-sign-in.ts';
import { openAuthenticatedSocket } from '../support/socket-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
const tokens: Record<string, string> = {};
const { pair } = makeApiCaller(() => server.origin, tokens);
const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });

const report = (who: string, query = '') =>
  fetch(`${server.origin}/api/reports/sessions${query}`, { headers: tokens[who] ? auth(who) : {} });

let ended: string;
let active: string;

beforeAll(async () => {
  server = await startTestServer();
  Object.assign(tokens, await signInPeople(server.origin, ['alex', 'isaiah', 'adele', 'diego', 'pat']));
  const alex = await openAuthenticatedSocket(server.origin, tokens.alex ?? '');
  const adele = await openAuthenticatedSocket(server.origin, tokens.adele ?? '');
  ended = await pair('alex', 'adele');
  // The server lets an answer through only to an open request (spec 4.1): the helper asks, the sharer allows.
  alex.sendRaw(
    JSON.stringify({ type: 'session.event', sessionId: ended, event: { type: 'mode.request', mode: 'view' } }),
  );
  await adele.next((m) => m.type === 'session.event');
  adele.sendRaw(
    JSON.stringify({
      type: 'session.event',
      sessionId: ended,
      event: { type: 'mode.allow', mode: 'view', surface: 'monitor' },
    }),
  );
  await alex.next((m) => m.type === 'session.event');
  alex.sendRaw(JSON.stringify({ type: 'session.leave', sessionId: ended }));
  await adele.next((m) => m.type === 'session.ended');
  active = await pair('alex', 'diego');
});
afterAll(() => server.close());

describe('sessions report', () => {
  it('shows an administrator who helped whom, when, for how long, in which modes and how it ended', async () => {
    const res = await report('isaiah');
    expect(res.status).toBe(200);
    const { sessions } = sessionReportSchema.parse(await res.json());
    const first = sessions.find((s) => s.sessionId === ended);
    expect(first).toMatchObject({
      helper: { name: 'Alex Rivera', email: ROSTER.alex.email },
      sharer: { name: 'Adele Vance', email: ROSTER.adele.email },
      modes: ['view'],
      outcome: 'helper_left',
    });
    expect(first?.durationSeconds).toBeGreaterThanOrEqual(0);
    expect(first?.endedAt).not.toBeNull();
    expect(sessions.find((s) => s.sessionId === active)).toMatchObject({ outcome: 'active', endedAt: null });
  });

  it('filters by person, outcome and dates', async () => {
    const byPerson = sessionReportSchema.parse(await (await report('isaiah', '?person=ADELE')).json()).sessions;
    expect(byPerson.map((s) => s.sessionId)).toEqual([ended]);
    const stillActive = sessionReportSchema.parse(await (await report('isaiah', '?outcome=active')).json()).sessions;
    expect(stillActive.map((s) => s.sessionId)).toEqual([active]);
    const future = sessionReportSchema.parse(await (await report('isaiah', '?from=2999-01-01')).json()).sessions;
    expect(future).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    const todays = sessionReportSchema.parse(await (await report('isaiah', `?from=${today}&to=${today}`)).json());
    expect(todays.sessions).toHaveLength(2);
    // A LIKE wildcard is a character, not "anything".
    expect(sessionReportSchema.parse(await (await report('isaiah', '?person=%25')).json()).sessions).toEqual([]);
  });

  it('exports the same rows as CSV', async () => {
    const json = sessionReportSchema.parse(await (await report('isaiah')).json()).sessions;
    const res = await fetch(`${server.origin}/api/reports/sessions.csv`, { headers: auth('isaiah') });
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'session,helper,helper email,sharer,sharer email,device,started,ended,duration (s),modes,outcome',
    );
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(json.map((s) => s.sessionId));
    const row = lines.find((l) => l.startsWith(ended))?.split(',');
    expect(row?.slice(1, 5)).toEqual(['Alex Rivera', ROSTER.alex.email, 'Adele Vance', ROSTER.adele.email]);
    expect(row?.[9]).toBe('view');
    expect(row?.[10]).toBe('helper_left');
  });

  it('refuses people without readReports (403, forbidden), the signed-out (401) and bad filters (400)', async () => {
    for (const who of ['alex', 'adele', 'pat']) {
      const res = await report(who);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
      const csv = await fetch(`${server.origin}/api/reports/sessions.csv`, { headers: auth(who) });
      expect(csv.status).toBe(403);
    }
    expect((await report('nobody')).status).toBe(401);
    expect((await report('isaiah', '?from=yesterday')).status).toBe(400);
    expect((await report('isaiah', '?outcome=exploded')).status).toBe(400);
  });
});
