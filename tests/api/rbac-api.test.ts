import { assignmentViewSchema, groupViewSchema, roleViewSchema } from '@remote-help/protocol/settings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER } from '../fixtures/roster.ts';
import { makeApiCaller } from '../support/api-caller.ts';
import { signInPeople } from '../support/dev-sign-in.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
const tokens: Record<string, string> = {};
const { api, redeem } = makeApiCaller(() => server.origin, tokens);
const ALEX = ROSTER.alex.id;

beforeAll(async () => {
  server = await startTestServer();
  Object.assign(tokens, await signInPeople(server.origin, ['alex', 'isaiah', 'adele', 'diego', 'pat']));
});
afterAll(() => server.close());

describe('role-based access administration', () => {
  it('refuses everyone without manageRemoteHelp on every endpoint (403, forbidden)', async () => {
    const calls: [string, string, unknown?][] = [
      ['GET', '/api/admin/roles'],
      ['POST', '/api/admin/roles', { name: 'x', permissions: ['viewScreen'] }],
      ['GET', '/api/admin/groups'],
      ['POST', '/api/admin/groups', { name: 'x', members: [] }],
      ['GET', '/api/admin/assignments'],
      [
        'POST',
        '/api/admin/assignments',
        { roleId: 'role-screen-viewer', principal: { type: 'user', id: ALEX }, scope: 'all' },
      ],
      ['DELETE', '/api/admin/assignments/1'],
    ];
    for (const who of ['alex', 'adele', 'pat']) {
      for (const [method, path, body] of calls) {
        const res = await api(who, method, path, body);
        expect(res.status, `${who} ${method} ${path}`).toBe(403);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
      }
    }
  });

  it('a helper scoped to a group helps its members only, with the modes of the covering assignment', async () => {
    // Before: Alex's Help Desk Operator role covers everyone.
    expect((await redeem('alex', 'diego')).status).toBe(200);

    const group = groupViewSchema.parse(
      await (
        await api('isaiah', 'POST', '/api/admin/groups', { name: 'Retail', members: [ROSTER.adele.email] })
      ).json(),
    );
    const { assignments } = (await (await api('isaiah', 'GET', '/api/admin/assignments')).json()) as {
      assignments: unknown[];
    };
    const alexAll = assignments.map((a) => assignmentViewSchema.parse(a)).find((a) => a.principal.id === ALEX);
    expect(alexAll?.scope).toBe('all');
    expect((await api('isaiah', 'DELETE', `/api/admin/assignments/${alexAll?.id}`)).status).toBe(204);
    const scoped = await api('isaiah', 'POST', '/api/admin/assignments', {
      roleId: 'role-help-desk-operator',
      principal: { type: 'user', id: ALEX },
      scope: { groups: [group.id] },
    });
    expect(scoped.status).toBe(201);

    const inScope = await redeem('alex', 'adele');
    expect(inScope.status).toBe(200);
    expect(((await inScope.json()) as { session: { permittedModes: string[] } }).session.permittedModes).toEqual([
      'view',
      'control',
    ]);
    const outOfScope = await redeem('alex', 'diego');
    expect(outOfScope.status).toBe(403);
    expect(((await outOfScope.json()) as { error: { code: string } }).error.code).toBe('helper_out_of_scope');
    // The refusal is in the audit log, naming the helper (it must not be rolled back with the refused redemption).
    const refusals = await server.app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('type', '=', 'code.refused')
      .where('subject_id', '=', ALEX)
      .execute();
    expect(refusals.map((r) => JSON.parse(r.data).reason)).toContain('helper_out_of_scope');
  });

  it('a custom role takes effect for the next session: view only', async () => {
    const role = roleViewSchema.parse(
      await (await api('isaiah', 'POST', '/api/admin/roles', { name: 'Watchers', permissions: ['viewScreen'] })).json(),
    );
    const { assignments } = (await (await api('isaiah', 'GET', '/api/admin/assignments')).json()) as {
      assignments: unknown[];
    };
    for (const a of assignments.map((x) => assignmentViewSchema.parse(x)).filter((x) => x.principal.id === ALEX)) {
      await api('isaiah', 'DELETE', `/api/admin/assignments/${a.id}`);
    }
    await api('isaiah', 'POST', '/api/admin/assignments', {
      roleId: role.id,
      principal: { type: 'user', id: ALEX },
      scope: 'all',
    });
    const res = await redeem('alex', 'diego');
    expect(((await res.json()) as { session: { permittedModes: string[] } }).session.permittedModes).toEqual(['view']);
    const { roles } = (await (await api('isaiah', 'GET', '/api/admin/roles')).json()) as { roles: unknown[] };
    expect(roles.map((r) => roleViewSchema.parse(r).name)).toContain('Watchers');
  });

  it('refuses unknown roles, people of other tenants, unknown scope groups and malformed input (400)', async () => {
    const base = { roleId: 'role-screen-viewer', principal: { type: 'user', id: ALEX }, scope: 'all' };
    expect((await api('isaiah', 'POST', '/api/admin/assignments', { ...base, roleId: 'nope' })).status).toBe(400);
    const patId = ROSTER.pat.id;
    expect(
      (await api('isaiah', 'POST', '/api/admin/assignments', { ...base, principal: { type: 'user', id: patId } }))
        .status,
    ).toBe(400);
    expect(
      (await api('isaiah', 'POST', '/api/admin/assignments', { ...base, scope: { groups: ['no-such-group'] } })).status,
    ).toBe(400);
    expect((await api('isaiah', 'POST', '/api/admin/groups', { name: 'X', members: [ROSTER.pat.email] })).status).toBe(
      400,
    );
    expect((await api('isaiah', 'POST', '/api/admin/roles', { name: '', permissions: [] })).status).toBe(400);
    expect((await api('isaiah', 'DELETE', '/api/admin/assignments/999999')).status).toBe(404);
  });
});
