import { peopleResponseSchema, rolesResponseSchema, roleViewSchema } from '@remote-help/protocol/settings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER } from '../fixtures/roster.ts';
import { makeApiCaller } from '../support/api-caller.ts';
import { signInPeople } from '../support/dev-sign-in.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
const tokens: Record<string, string> = {};
const { api, errorCode } = makeApiCaller(() => server.origin, tokens);
const LEE = ROSTER.lee.id;

async function permittedModes(helper: string, sharer: string): Promise<string[]> {
  const { code } = (await (await api(helper, 'POST', '/api/codes')).json()) as { code: string };
  const res = await api(sharer, 'POST', '/api/codes/redeem', { code });
  expect(res.status).toBe(200);
  return ((await res.json()) as { session: { permittedModes: string[] } }).session.permittedModes;
}

async function auditTypes(): Promise<string[]> {
  const rows = await server.app.db.selectFrom('audit_log').select('type').execute();
  return rows.map((r) => r.type);
}

async function createRole(name: string, permissions: string[]) {
  const res = await api('isaiah', 'POST', '/api/admin/roles', { name, permissions });
  expect(res.status).toBe(201);
  return roleViewSchema.parse(await res.json());
}

beforeAll(async () => {
  server = await startTestServer();
  Object.assign(tokens, await signInPeople(server.origin, ['alex', 'lee', 'isaiah', 'adele', 'pat']));
});
afterAll(() => server.close());

describe('editing and deleting roles', () => {
  it('refuses everyone without manageRemoteHelp (403, forbidden)', async () => {
    const role = await createRole('Guarded', ['viewScreen']);
    const calls: [string, string, unknown?][] = [
      ['PUT', `/api/admin/roles/${role.id}`, { name: 'x', permissions: ['viewScreen'] }],
      ['DELETE', `/api/admin/roles/${role.id}`],
      ['GET', '/api/admin/people'],
    ];
    for (const who of ['alex', 'lee', 'adele', 'pat']) {
      for (const [method, path, body] of calls) {
        const res = await api(who, method, path, body);
        expect(res.status, `${who} ${method} ${path}`).toBe(403);
        expect(await errorCode(res)).toBe('forbidden');
      }
    }
    const { roles } = rolesResponseSchema.parse(await (await api('isaiah', 'GET', '/api/admin/roles')).json());
    expect(roles.find((r) => r.id === role.id)).toEqual(role);
  });

  it('refuses to change or delete a built-in role (409, role_built_in)', async () => {
    const put = await api('isaiah', 'PUT', '/api/admin/roles/role-screen-viewer', {
      name: 'Screen Viewer',
      permissions: ['viewScreen', 'takeFullControl'],
    });
    expect(put.status).toBe(409);
    expect(await errorCode(put)).toBe('role_built_in');
    const del = await api('isaiah', 'DELETE', '/api/admin/roles/role-screen-viewer');
    expect(del.status).toBe(409);
    expect(await errorCode(del)).toBe('role_built_in');
    const { roles } = rolesResponseSchema.parse(await (await api('isaiah', 'GET', '/api/admin/roles')).json());
    expect(roles.find((r) => r.id === 'role-screen-viewer')?.permissions).toEqual(['viewScreen']);
  });

  it('refuses unknown roles (404), malformed input (400) and another tenant’s people are not listed', async () => {
    expect(
      (await api('isaiah', 'PUT', '/api/admin/roles/nope', { name: 'x', permissions: ['viewScreen'] })).status,
    ).toBe(404);
    expect((await api('isaiah', 'DELETE', '/api/admin/roles/nope')).status).toBe(404);
    const role = await createRole('Malformed target', ['viewScreen']);
    expect((await api('isaiah', 'PUT', `/api/admin/roles/${role.id}`, { name: '', permissions: [] })).status).toBe(400);
    const { people } = peopleResponseSchema.parse(await (await api('isaiah', 'GET', '/api/admin/people')).json());
    expect(people.map((p) => p.email)).toContain(ROSTER.lee.email);
    expect(people.map((p) => p.email)).not.toContain(ROSTER.pat.email);
  });

  it('an edited role changes the next session’s permitted modes at once; it is audited', async () => {
    expect(await permittedModes('lee', 'adele')).toEqual(['view']);
    const role = await createRole('Field support', ['viewScreen', 'takeFullControl']);
    const assigned = await api('isaiah', 'POST', '/api/admin/assignments', {
      roleId: role.id,
      principal: { type: 'user', id: LEE },
      scope: 'all',
    });
    expect(assigned.status).toBe(201);
    const assignmentId = ((await assigned.json()) as { id: number }).id;
    expect(await permittedModes('lee', 'adele')).toEqual(['view', 'control']);

    const put = await api('isaiah', 'PUT', `/api/admin/roles/${role.id}`, {
      name: 'Field support (view)',
      permissions: ['viewScreen'],
    });
    expect(put.status).toBe(200);
    expect(roleViewSchema.parse(await put.json())).toEqual({
      id: role.id,
      name: 'Field support (view)',
      permissions: ['viewScreen'],
      builtIn: false,
    });
    expect(await permittedModes('lee', 'adele')).toEqual(['view']);
    expect(await auditTypes()).toContain('rbac.role_updated');

    // Still assigned: it cannot go.
    const refused = await api('isaiah', 'DELETE', `/api/admin/roles/${role.id}`);
    expect(refused.status).toBe(409);
    expect(await errorCode(refused)).toBe('role_in_use');

    expect((await api('isaiah', 'DELETE', `/api/admin/assignments/${assignmentId}`)).status).toBe(204);
    expect((await api('isaiah', 'DELETE', `/api/admin/roles/${role.id}`)).status).toBe(204);
    const { roles } = rolesResponseSchema.parse(await (await api('isaiah', 'GET', '/api/admin/roles')).json());
    expect(roles.map((r) => r.id)).not.toContain(role.id);
    expect(await auditTypes()).toContain('rbac.role_deleted');
  });
});
