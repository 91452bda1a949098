/**
 * Scopes limit what can be read, not only who can be helped (issue 11, item 9): a readDevices/readReports holder
 * scoped to groups sees the devices and sessions of those groups' people and devices only; an assignment over
 * "All users and devices" sees all of the tenant.
 */
import { deviceListSchema, enrolledDeviceSchema, enrollmentTokenSchema } from '@remote-help/protocol/devices';
import { redeemResponseSchema } from '@remote-help/protocol/pairing';
import { sessionReportSchema } from '@remote-help/protocol/reports';
import { groupViewSchema, roleViewSchema } from '@remote-help/protocol/settings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER } from '../fixtures/roster.ts';
import { makeApiCaller } from '../support/api-caller.ts';
import { signInPeople } from '../support/dev-sign-in.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
const tokens: Record<string, string> = {};
const { api } = makeApiCaller(() => server.origin, tokens);
const LEE = ROSTER.lee.id;

async function enroll(who: string, name: string) {
  const { token } = enrollmentTokenSchema.parse(
    await (await api('isaiah', 'POST', '/api/devices/enrollment-tokens')).json(),
  );
  const res = await api(who, 'POST', '/api/devices/enroll', { token, name, os: 'Linux' });
  return enrolledDeviceSchema.parse(await res.json());
}

async function session(sharer: string, device?: { id: string; secret: string }): Promise<string> {
  const { code } = (await (await api('alex', 'POST', '/api/codes')).json()) as { code: string };
  const res = await api(sharer, 'POST', '/api/codes/redeem', { code, ...(device ? { device } : {}) });
  return redeemResponseSchema.parse(await res.json()).session.id;
}

const devicesOf = async (who: string) =>
  deviceListSchema
    .parse(await (await api(who, 'GET', '/api/devices')).json())
    .devices.map((d) => d.name)
    .sort();
const sessionsOf = async (who: string) =>
  sessionReportSchema
    .parse(await (await api(who, 'GET', '/api/reports/sessions')).json())
    .sessions.map((s) => s.sessionId)
    .sort();

let adeleLaptop: { id: string; secret: string };
let diegoDesktop: { id: string; secret: string };
let sharedTill: { id: string; secret: string };
const sessions: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  Object.assign(tokens, await signInPeople(server.origin, ['alex', 'isaiah', 'adele', 'diego', 'lee']));
  adeleLaptop = await enroll('adele', 'Adele laptop');
  diegoDesktop = await enroll('diego', 'Diego desktop');
  sharedTill = await enroll('diego', 'Shop till');
  sessions.adele = await session('adele');
  sessions.diego = await session('diego', diegoDesktop);
  sessions.till = await session('diego', sharedTill);

  // Lee reads devices and reports over the Retail people (Adele) and the tills — not over Diego.
  const group = async (body: object) =>
    groupViewSchema.parse(await (await api('isaiah', 'POST', '/api/admin/groups', body)).json()).id;
  const retail = await group({ name: 'Retail', members: [ROSTER.adele.email] });
  const tills = await group({ name: 'Tills', members: [], devices: [sharedTill.id] });
  const role = roleViewSchema.parse(
    await (
      await api('isaiah', 'POST', '/api/admin/roles', { name: 'Auditors', permissions: ['readDevices', 'readReports'] })
    ).json(),
  );
  const assigned = await api('isaiah', 'POST', '/api/admin/assignments', {
    roleId: role.id,
    principal: { type: 'user', id: LEE },
    scope: { groups: [retail, tills] },
  });
  expect(assigned.status).toBe(201);
});
afterAll(() => server.close());

describe('reads follow the reader’s scopes', () => {
  it('devices: only those of people in scope, or themselves in scope', async () => {
    expect(await devicesOf('lee')).toEqual(['Adele laptop', 'Shop till']);
    expect((await api('lee', 'GET', `/api/devices/${diegoDesktop.id}`)).status).toBe(404);
    expect((await api('lee', 'GET', `/api/devices/${adeleLaptop.id}`)).status).toBe(200);
  });

  it('reports: only sessions with a person or a device in scope, in the list and the CSV', async () => {
    expect(await sessionsOf('lee')).toEqual([sessions.adele, sessions.till].sort());
    const csv = await (await api('lee', 'GET', '/api/reports/sessions.csv')).text();
    expect(csv).toContain(sessions.adele);
    expect(csv).toContain(sessions.till);
    expect(csv).not.toContain(sessions.diego);
  });

  it('an assignment over All users and devices sees the whole tenant', async () => {
    expect(await devicesOf('isaiah')).toEqual(['Adele laptop', 'Diego desktop', 'Shop till']);
    expect(await sessionsOf('isaiah')).toEqual(Object.values(sessions).sort());
  });
});
