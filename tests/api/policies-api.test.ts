import { DEFAULT_TENANT_SETTINGS, type TenantSettings, tenantSettingsSchema } from '@remote-help/protocol/settings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER } from '../fixtures/roster.ts';
import { devSignIn } from '../support/dev-sign-in.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
const tokens: Record<string, string> = {};
const headers = (who: string) => ({ authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' });

const putSettings = (who: string, settings: unknown) =>
  fetch(`${server.origin}/api/settings`, { method: 'PUT', headers: headers(who), body: JSON.stringify(settings) });
const createCode = (who: string) =>
  fetch(`${server.origin}/api/codes`, { method: 'POST', headers: { authorization: `Bearer ${tokens[who]}` } });
const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

async function auditTypes(type: string) {
  const rows = await server.app.db.selectFrom('audit_log').selectAll().where('type', '=', type).execute();
  return rows.map((r) => JSON.parse(r.data) as Record<string, unknown>);
}

beforeAll(async () => {
  server = await startTestServer();
  for (const [name, email, mfa] of [
    ['alex', ROSTER.alex.email, false],
    ['alexMfa', ROSTER.alex.email, true],
    ['isaiah', ROSTER.isaiah.email, false],
    ['adele', ROSTER.adele.email, false],
  ] as const) {
    tokens[name] = await devSignIn(server.origin, email, { mfa });
  }
});
afterAll(() => server.close());

describe('tenant settings and conditional access', () => {
  it('administrators read and change the settings; others get 403, malformed settings 400', async () => {
    const read = await fetch(`${server.origin}/api/settings`, { headers: headers('isaiah') });
    expect(tenantSettingsSchema.parse(await read.json())).toEqual(DEFAULT_TENANT_SETTINGS);
    for (const who of ['alex', 'adele']) {
      const res = await fetch(`${server.origin}/api/settings`, { headers: headers(who) });
      expect(res.status).toBe(403);
      expect(await errorCode(res)).toBe('forbidden');
      expect((await putSettings(who, DEFAULT_TENANT_SETTINGS)).status).toBe(403);
    }
    expect((await putSettings('isaiah', { ...DEFAULT_TENANT_SETTINGS, maxSessionMinutes: -1 })).status).toBe(400);
    const badRange = { ...DEFAULT_TENANT_SETTINGS, sharers: { requireMfa: false, allowedRanges: ['10.0.0.0/33'] } };
    expect((await putSettings('isaiah', badRange)).status).toBe(400);
  });

  it('a helper rule requiring multifactor sign-in refuses a password-only sign-in, naming the rule', async () => {
    const settings: TenantSettings = { ...DEFAULT_TENANT_SETTINGS, helpers: { requireMfa: true, allowedRanges: [] } };
    expect((await putSettings('isaiah', settings)).status).toBe(200);
    const refused = await createCode('alex');
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe('policy_mfa_required');
    expect((await createCode('alexMfa')).status).toBe(201);
    expect(await auditTypes('policy.refused')).toContainEqual(
      expect.objectContaining({ rule: 'mfa_required', side: 'helpers' }),
    );
    expect(await auditTypes('settings.changed')).toContainEqual(expect.objectContaining({ changed: ['helpers'] }));
  });

  it('a sharer address rule refuses redemption from outside the allowed ranges', async () => {
    const settings: TenantSettings = {
      ...DEFAULT_TENANT_SETTINGS,
      sharers: { requireMfa: false, allowedRanges: ['10.0.0.0/8'] },
    };
    await putSettings('isaiah', settings);
    const { code } = (await (await createCode('alex')).json()) as { code: string };
    const res = await fetch(`${server.origin}/api/codes/redeem`, {
      method: 'POST',
      headers: headers('adele'),
      body: JSON.stringify({ code }),
    });
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe('policy_address');

    await putSettings('isaiah', { ...settings, sharers: { requireMfa: false, allowedRanges: ['127.0.0.0/8'] } });
    const allowed = await fetch(`${server.origin}/api/codes/redeem`, {
      method: 'POST',
      headers: headers('adele'),
      body: JSON.stringify({ code }),
    });
    expect(allowed.status).toBe(200);
  });

  it('with Remote Help turned off nobody gets a code', async () => {
    await putSettings('isaiah', { ...DEFAULT_TENANT_SETTINGS, remoteHelpEnabled: false });
    const res = await createCode('alexMfa');
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe('policy_disabled');
    await putSettings('isaiah', DEFAULT_TENANT_SETTINGS);
    expect((await createCode('alex')).status).toBe(201);
  });
});
