/** Devices, enrollment, compliance and remote launch (spec 3.2, 5.1, 5.2) through the real server. */
import {
  deviceListSchema,
  deviceSchema,
  enrolledDeviceSchema,
  enrollmentTokenSchema,
  LAUNCH_TTL_SECONDS,
  launchSchema,
} from '@remote-help/protocol/devices';
import { redeemResponseSchema } from '@remote-help/protocol/pairing';
import { sessionReportSchema } from '@remote-help/protocol/reports';
import { assignmentViewSchema, DEFAULT_TENANT_SETTINGS, groupViewSchema } from '@remote-help/protocol/settings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER } from '../fixtures/roster.ts';
import { makeApiCaller } from '../support/api-caller.ts';
import { signInPeople } from '../support/dev-sign-in.ts';
import { openAuthenticatedSocket, openSocket, type TestSocket } from '../support/socket-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
/** The server's clock runs ahead of the real one by this much: launches can expire without waiting. */
let clockAhead = 0;
const tokens: Record<string, string> = {};
const { api, errorCode } = makeApiCaller(() => server.origin, tokens);
const LEE = ROSTER.lee.id;
const sockets: TestSocket[] = [];

async function enroll(who: string, name: string) {
  const token = enrollmentTokenSchema.parse(
    await (await api('isaiah', 'POST', '/api/devices/enrollment-tokens')).json(),
  );
  const res = await api(who, 'POST', '/api/devices/enroll', { token: token.token, name, os: 'Linux' });
  expect(res.status).toBe(201);
  return enrolledDeviceSchema.parse(await res.json());
}

/** The enrolled app's connection: it says which device it is, so the device is online. */
async function connectDevice(who: string, device: { id: string; secret: string }): Promise<TestSocket> {
  const socket = await openSocket(server.origin);
  socket.sendRaw(
    JSON.stringify({ type: 'auth', token: tokens[who], device: { id: device.id, secret: device.secret } }),
  );
  expect((await socket.next()).type).toBe('auth.ok');
  sockets.push(socket);
  return socket;
}

beforeAll(async () => {
  server = await startTestServer({}, { now: () => Date.now() + clockAhead });
  Object.assign(tokens, await signInPeople(server.origin, ['alex', 'lee', 'isaiah', 'adele', 'diego', 'pat']));
});
afterAll(async () => {
  for (const s of sockets) s.ws.close();
  await server.close();
});

describe('permission boundaries', () => {
  it('refuses each device endpoint to people without its permission (403, forbidden)', async () => {
    const calls: [string[], string, string, unknown?][] = [
      [['alex', 'lee', 'adele', 'pat'], 'POST', '/api/devices/enrollment-tokens'],
      [['lee', 'adele', 'pat'], 'GET', '/api/devices'],
      [['lee', 'adele', 'pat'], 'GET', '/api/devices/some-device'],
      [['alex', 'lee', 'adele', 'pat'], 'PUT', '/api/devices/some-device/compliance', { compliance: 'compliant' }],
      [['lee', 'isaiah', 'adele', 'pat'], 'POST', '/api/devices/some-device/launch'],
    ];
    for (const [people, method, path, body] of calls) {
      for (const who of people) {
        const res = await api(who, method, path, body);
        expect(res.status, `${who} ${method} ${path}`).toBe(403);
        expect(await errorCode(res)).toBe('forbidden');
      }
    }
  });

  it('refuses every device endpoint without a sign-in (401)', async () => {
    for (const [method, path] of [
      ['POST', '/api/devices/enrollment-tokens'],
      ['POST', '/api/devices/enroll'],
      ['GET', '/api/devices'],
      ['POST', '/api/launches/x/accept'],
    ] as const) {
      expect((await fetch(`${server.origin}${path}`, { method })).status, path).toBe(401);
    }
  });
});

describe('enrollment and the device list', () => {
  it('enrolls a device once with a token; the owner, OS and state show in the list', async () => {
    const device = await enroll('adele', 'Adele’s laptop');
    const res = await api('alex', 'GET', '/api/devices?search=adele');
    const { devices } = deviceListSchema.parse(await res.json());
    const listed = devices.find((d) => d.id === device.id);
    expect(listed).toMatchObject({
      name: 'Adele’s laptop',
      os: 'Linux',
      owner: { name: 'Adele Vance', email: ROSTER.adele.email },
      compliance: 'unknown',
      online: false,
    });
    expect(listed?.lastCheckIn).not.toBeNull();
    const none = deviceListSchema.parse(await (await api('alex', 'GET', '/api/devices?search=zz%25zz')).json());
    expect(none.devices).toEqual([]);
  });

  it('an enrollment token enrolls one device unless the administrator makes it multi-use', async () => {
    const single = enrollmentTokenSchema.parse(
      await (await api('isaiah', 'POST', '/api/devices/enrollment-tokens')).json(),
    );
    expect(single.multiUse).toBe(false);
    const first = await api('adele', 'POST', '/api/devices/enroll', { token: single.token, name: 'One', os: 'Linux' });
    expect(first.status).toBe(201);
    const again = await api('diego', 'POST', '/api/devices/enroll', { token: single.token, name: 'Two', os: 'Linux' });
    expect(again.status).toBe(403);
    expect(await errorCode(again)).toBe('enrollment_token_invalid');

    const multi = enrollmentTokenSchema.parse(
      await (await api('isaiah', 'POST', '/api/devices/enrollment-tokens', { multiUse: true })).json(),
    );
    expect(multi.multiUse).toBe(true);
    for (const name of ['Till 1', 'Till 2', 'Till 3']) {
      const res = await api('adele', 'POST', '/api/devices/enroll', { token: multi.token, name, os: 'Linux' });
      expect(res.status).toBe(201);
    }
    const audit = await server.app.db
      .selectFrom('audit_log')
      .select('data')
      .where('type', '=', 'enrollment_token.created')
      .orderBy('seq', 'desc')
      .limit(2)
      .execute();
    expect(audit.map((r) => JSON.parse(r.data).multiUse)).toEqual([true, false]);
  });

  it('refuses a wrong token, another organisation’s token and a malformed request', async () => {
    const bad = await api('adele', 'POST', '/api/devices/enroll', { token: 'nope', name: 'x', os: 'Linux' });
    expect(bad.status).toBe(403);
    expect(await errorCode(bad)).toBe('enrollment_token_invalid');
    const token = enrollmentTokenSchema.parse(
      await (await api('isaiah', 'POST', '/api/devices/enrollment-tokens')).json(),
    );
    const foreign = await api('pat', 'POST', '/api/devices/enroll', { token: token.token, name: 'x', os: 'Linux' });
    expect(await errorCode(foreign)).toBe('enrollment_token_invalid');
    const malformed = await api('adele', 'POST', '/api/devices/enroll', { token: token.token, name: '' });
    expect(malformed.status).toBe(400);
  });

  it('compliance is set by an administrator, filtered on, and validated', async () => {
    const device = await enroll('diego', 'Diego’s desktop');
    expect(
      (await api('isaiah', 'PUT', `/api/devices/${device.id}/compliance`, { compliance: 'not_compliant' })).status,
    ).toBe(204);
    const one = deviceSchema.parse(await (await api('alex', 'GET', `/api/devices/${device.id}`)).json());
    expect(one.compliance).toBe('not_compliant');
    const filtered = deviceListSchema.parse(
      await (await api('alex', 'GET', '/api/devices?compliance=not_compliant')).json(),
    );
    expect(filtered.devices.map((d) => d.id)).toEqual([device.id]);
    expect((await api('isaiah', 'PUT', `/api/devices/${device.id}/compliance`, { compliance: 'maybe' })).status).toBe(
      400,
    );
    const unknown = await api('isaiah', 'PUT', '/api/devices/nope/compliance', { compliance: 'compliant' });
    expect(unknown.status).toBe(404);
    expect(await errorCode(unknown)).toBe('device_unknown');
    const missing = await api('alex', 'GET', '/api/devices/nope');
    expect(missing.status).toBe(404);
    expect(await errorCode(missing)).toBe('device_unknown');
    // Someone from another organisation (without readDevices there) is refused outright.
    const patAdmin = await api('pat', 'GET', `/api/devices/${device.id}`);
    expect(patAdmin.status).toBe(403);
  });
});

describe('remote launch', () => {
  it('to an offline device: refused with device_offline and audited', async () => {
    const device = await enroll('adele', 'Offline PC');
    const res = await api('alex', 'POST', `/api/devices/${device.id}/launch`);
    expect(res.status).toBe(409);
    expect(await errorCode(res)).toBe('device_offline');
    const audit = await server.app.db.selectFrom('audit_log').selectAll().where('type', '=', 'launch.failed').execute();
    expect(audit.some((r) => JSON.parse(r.data).deviceId === device.id)).toBe(true);
  });

  it('to an online device: the device is asked, the person accepts, both are paired with no code', async () => {
    const device = await enroll('adele', 'Front desk PC');
    await api('isaiah', 'PUT', `/api/devices/${device.id}/compliance`, { compliance: 'not_compliant' });
    const deviceSocket = await connectDevice('adele', device);
    const helperSocket = await openAuthenticatedSocket(server.origin, tokens.alex ?? '');
    sockets.push(helperSocket);
    expect(deviceSchema.parse(await (await api('alex', 'GET', `/api/devices/${device.id}`)).json()).online).toBe(true);

    const sent = await api('alex', 'POST', `/api/devices/${device.id}/launch`);
    expect(sent.status).toBe(201);
    const launch = launchSchema.parse(await sent.json());
    const asked = await deviceSocket.next((m) => m.type === 'launch.request');
    expect(asked).toMatchObject({ launchId: launch.launchId, helper: { name: 'Alex Rivera' } });

    // Only the device that was asked may answer.
    const elsewhere = await api('adele', 'POST', `/api/launches/${launch.launchId}/accept`, {
      device: { id: device.id, secret: 'wrong' },
    });
    expect(await errorCode(elsewhere)).toBe('launch_unknown');

    const accepted = await api('adele', 'POST', `/api/launches/${launch.launchId}/accept`, { device });
    expect(accepted.status).toBe(200);
    const { session } = redeemResponseSchema.parse(await accepted.json());
    expect(session.device).toEqual({ id: device.id, name: 'Front desk PC', compliance: 'not_compliant' });
    expect(session.permittedModes).toContain('control');
    const paired = await helperSocket.next((m) => m.type === 'session.paired');
    expect(paired).toMatchObject({ launchId: launch.launchId, session: { id: session.id } });

    const again = await api('adele', 'POST', `/api/launches/${launch.launchId}/accept`, { device });
    expect(await errorCode(again)).toBe('launch_unknown');
    const row = await server.app.db.selectFrom('sessions').selectAll().where('id', '=', session.id).executeTakeFirst();
    expect(row?.device_id).toBe(device.id);
  });

  it('declining tells the helper; a request expires after 5 minutes', async () => {
    const device = await enroll('diego', 'Kiosk');
    const deviceSocket = await connectDevice('diego', device);
    const helperSocket = await openAuthenticatedSocket(server.origin, tokens.alex ?? '');
    sockets.push(helperSocket);

    const first = launchSchema.parse(await (await api('alex', 'POST', `/api/devices/${device.id}/launch`)).json());
    await deviceSocket.next((m) => m.type === 'launch.request');
    expect((await api('diego', 'POST', `/api/launches/${first.launchId}/decline`, { device })).status).toBe(204);
    expect(await helperSocket.next((m) => m.type === 'launch.declined')).toEqual({
      type: 'launch.declined',
      launchId: first.launchId,
    });

    const second = launchSchema.parse(await (await api('alex', 'POST', `/api/devices/${device.id}/launch`)).json());
    clockAhead = LAUNCH_TTL_SECONDS * 1000 + 1000;
    try {
      const late = await api('diego', 'POST', `/api/launches/${second.launchId}/accept`, { device });
      expect(late.status).toBe(410);
      expect(await errorCode(late)).toBe('launch_expired');
    } finally {
      clockAhead = 0;
    }
  });
});

describe('security codes and enrollment', () => {
  it('a code redeemed on an enrolled device records the device; unenrolled is refused when the setting says so', async () => {
    const device = await enroll('diego', 'Diego’s work PC');
    const redeem = async (body: (code: string) => unknown) => {
      const { code } = (await (await api('alex', 'POST', '/api/codes')).json()) as { code: string };
      return api('diego', 'POST', '/api/codes/redeem', body(code));
    };
    const put = (allow: boolean) =>
      api('isaiah', 'PUT', '/api/settings', { ...DEFAULT_TENANT_SETTINGS, allowUnenrolledDevices: allow });
    expect((await put(false)).status).toBe(200);
    try {
      const refused = await redeem((code) => ({ code }));
      expect(refused.status).toBe(403);
      expect(await errorCode(refused)).toBe('unenrolled_not_allowed');
      const audit = await server.app.db
        .selectFrom('audit_log')
        .selectAll()
        .where('type', '=', 'code.refused')
        .execute();
      expect(audit.some((r) => JSON.parse(r.data).reason === 'unenrolled_not_allowed')).toBe(true);

      const enrolled = await redeem((code) => ({ code, device }));
      expect(enrolled.status).toBe(200);
      const { session } = redeemResponseSchema.parse(await enrolled.json());
      expect(session.device).toMatchObject({ id: device.id, name: 'Diego’s work PC' });
      // Reports name the device and filter on it (spec 5.4).
      const report = async (filter: string) =>
        sessionReportSchema.parse(await (await api('isaiah', 'GET', `/api/reports/sessions?device=${filter}`)).json())
          .sessions;
      const byName = await report(encodeURIComponent('work pc'));
      expect(byName.map((r) => [r.sessionId, r.device])).toEqual([[session.id, 'Diego’s work PC']]);
      expect((await report(device.id)).map((r) => r.sessionId)).toEqual([session.id]);
      expect(await report('no-such-device')).toEqual([]);
    } finally {
      await put(true);
    }
  });
});

describe('scopes over devices (spec 3.4)', () => {
  it('an assignment over a group of devices covers that device, not its owner elsewhere', async () => {
    const device = await enroll('adele', 'Shop till');
    const deviceSocket = await connectDevice('adele', device);
    const groupRes = await api('isaiah', 'POST', '/api/admin/groups', {
      name: `Tills ${Date.now()}`,
      members: [],
      devices: [device.id],
    });
    expect(groupRes.status).toBe(201);
    const group = groupViewSchema.parse(await groupRes.json());
    expect(group.devices).toEqual([device.id]);
    const listed = (await (await api('isaiah', 'GET', '/api/admin/groups')).json()) as { groups: unknown[] };
    expect(listed.groups.map((g) => groupViewSchema.parse(g)).find((g) => g.id === group.id)?.devices).toEqual([
      device.id,
    ]);
    const foreign = await api('isaiah', 'POST', '/api/admin/groups', { name: 'x', members: [], devices: ['nope'] });
    expect(foreign.status).toBe(400);

    // Lee (Screen Viewer over everyone) gets Help Desk Operator over the tills only.
    const assignment = assignmentViewSchema.parse(
      await (
        await api('isaiah', 'POST', '/api/admin/assignments', {
          roleId: 'role-help-desk-operator',
          principal: { type: 'user', id: LEE },
          scope: { groups: [group.id] },
        })
      ).json(),
    );
    try {
      const launched = await api('lee', 'POST', `/api/devices/${device.id}/launch`);
      expect(launched.status).toBe(201);
      const { launchId } = launchSchema.parse(await launched.json());
      await deviceSocket.next((m) => m.type === 'launch.request');
      const accepted = await api('adele', 'POST', `/api/launches/${launchId}/accept`, { device });
      const { session } = redeemResponseSchema.parse(await accepted.json());
      // On the till Lee may take control; the same person on an unenrolled browser gets only Lee's own view-only scope.
      expect(session.permittedModes).toEqual(['view', 'control']);
      const { code } = (await (await api('lee', 'POST', '/api/codes')).json()) as { code: string };
      const elsewhere = redeemResponseSchema.parse(
        await (await api('adele', 'POST', '/api/codes/redeem', { code })).json(),
      );
      expect(elsewhere.session.permittedModes).toEqual(['view']);
    } finally {
      await api('isaiah', 'DELETE', `/api/admin/assignments/${assignment.id}`);
    }
  });
});
