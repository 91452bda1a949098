/**
 * Administration of who may help whom (spec 3.4): roles (built-in and custom), groups, and assignments of roles to
 * people or groups over a scope. For people with manageRemoteHelp, within their own tenant; every change is audited
 * and takes effect for new sessions at once (the directory forgets its cached answers).
 */
import { randomUUID } from 'node:crypto';
import type { Permission } from '@remote-help/protocol/domain';
import { HTTP_API } from '@remote-help/protocol/http-api';
import type { AssignmentView, GroupView, PersonView, RoleView } from '@remote-help/protocol/settings';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Database } from '../db/database.ts';
import type { Directory, DirectoryUser } from '../directory/directory.ts';
import { Refusal } from '../domain/refusal.ts';
import type { Callers } from './authenticate.ts';
import { serve } from './endpoint.ts';

export interface AdminRouteDeps {
  db: Database;
  directory: Directory;
  audit: AuditLog;
  callers: Callers;
}

const API = HTTP_API.admin;

export function registerAdminRoutes(app: FastifyInstance, deps: AdminRouteDeps): void {
  const { db, directory, audit } = deps;

  const administrator = (req: FastifyRequest): Promise<DirectoryUser> =>
    deps.callers.requirePermission(req, 'manageRemoteHelp');

  async function roles(tenantId: string): Promise<RoleView[]> {
    const rows = await db
      .selectFrom('roles')
      .selectAll()
      .where((eb) => eb.or([eb('tenant_id', 'is', null), eb('tenant_id', '=', tenantId)]))
      .orderBy('built_in', 'desc')
      .orderBy('name')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      permissions: JSON.parse(r.permissions) as Permission[],
      builtIn: r.built_in === 1,
    }));
  }

  async function groups(tenantId: string): Promise<GroupView[]> {
    const rows = await db.selectFrom('groups').selectAll().where('tenant_id', '=', tenantId).orderBy('name').execute();
    const members = await db
      .selectFrom('group_members')
      .innerJoin('users', 'users.id', 'group_members.user_id')
      .select(['group_members.group_id', 'users.email'])
      .where('users.tenant_id', '=', tenantId)
      .execute();
    const devices = await db
      .selectFrom('group_members')
      .innerJoin('devices', 'devices.id', 'group_members.user_id')
      .select(['group_members.group_id', 'devices.id'])
      .where('devices.tenant_id', '=', tenantId)
      .execute();
    return rows.map((g) => ({
      id: g.id,
      name: g.name,
      members: members.filter((m) => m.group_id === g.id).map((m) => m.email),
      devices: devices.filter((d) => d.group_id === g.id).map((d) => d.id),
    }));
  }

  async function assignments(tenantId: string): Promise<AssignmentView[]> {
    const rows = await db.selectFrom('role_assignments').selectAll().where('tenant_id', '=', tenantId).execute();
    return rows.map((r) => {
      const scope = JSON.parse(r.scope) as 'all' | string[];
      return {
        id: r.id,
        roleId: r.role_id,
        principal: { type: r.principal_type, id: r.principal_id },
        scope: scope === 'all' ? 'all' : { groups: scope },
      };
    });
  }

  serve(app, API.roles, async ({ req }) => ({ roles: await roles((await administrator(req)).tenantId) }));

  serve(app, API.createRole, async ({ req, body }) => {
    const admin = await administrator(req);
    const input = body();
    const id = randomUUID();
    await audit.transaction(async (trx, record) => {
      await trx
        .insertInto('roles')
        .values({
          id,
          tenant_id: admin.tenantId,
          name: input.name,
          permissions: JSON.stringify(input.permissions),
          built_in: 0,
        })
        .execute();
      await record({ type: 'rbac.role_created', tenantId: admin.tenantId, actorId: admin.id, data: { id, ...input } });
    });
    return { id, ...input, builtIn: false } satisfies RoleView;
  });

  /** A custom role of the administrator's tenant; built-in roles are refused (they are the same for every tenant). */
  async function customRole(tenantId: string, id: string): Promise<RoleView> {
    const role = (await roles(tenantId)).find((r) => r.id === id);
    if (!role) throw new Refusal('not_found', 'No such role.');
    if (role.builtIn) throw new Refusal('role_built_in', 'Built-in roles cannot be changed or deleted.');
    return role;
  }

  serve(app, API.updateRole, async ({ req, params, body }) => {
    const admin = await administrator(req);
    const input = body();
    const before = await customRole(admin.tenantId, params.id);
    await audit.transaction(async (trx, record) => {
      await trx
        .updateTable('roles')
        .set({ name: input.name, permissions: JSON.stringify(input.permissions) })
        .where('id', '=', before.id)
        .where('tenant_id', '=', admin.tenantId)
        .execute();
      await record({
        type: 'rbac.role_updated',
        tenantId: admin.tenantId,
        actorId: admin.id,
        data: { id: before.id, before: { name: before.name, permissions: before.permissions }, after: input },
      });
    });
    // People holding the role get its new permissions from their next session on.
    directory.changed();
    return { id: before.id, ...input, builtIn: false } satisfies RoleView;
  });

  serve(app, API.deleteRole, async ({ req, params }) => {
    const admin = await administrator(req);
    const role = await customRole(admin.tenantId, params.id);
    await audit.transaction(async (trx, record) => {
      const used = await trx
        .selectFrom('role_assignments')
        .select('id')
        .where('role_id', '=', role.id)
        .limit(1)
        .executeTakeFirst();
      if (used) throw new Refusal('role_in_use', 'The role is still assigned; remove its assignments first.');
      await trx.deleteFrom('roles').where('id', '=', role.id).where('tenant_id', '=', admin.tenantId).execute();
      await record({ type: 'rbac.role_deleted', tenantId: admin.tenantId, actorId: admin.id, data: { ...role } });
    });
    directory.changed();
  });

  /** The tenant's people, so assignments can name them. */
  serve(app, API.people, async ({ req }) => {
    const admin = await administrator(req);
    const people = await db
      .selectFrom('users')
      .select(['id', 'name', 'email'])
      .where('tenant_id', '=', admin.tenantId)
      .orderBy('name')
      .execute();
    return { people: people satisfies PersonView[] };
  });

  serve(app, API.groups, async ({ req }) => ({ groups: await groups((await administrator(req)).tenantId) }));

  serve(app, API.createGroup, async ({ req, body }) => {
    const admin = await administrator(req);
    const input = body();
    const people = await Promise.all(input.members.map((email) => directory.findUserByEmail(email)));
    const unknown = input.members.filter((_, i) => people[i]?.tenantId !== admin.tenantId);
    const ownDevices = input.devices.length
      ? await db
          .selectFrom('devices')
          .select('id')
          .where('tenant_id', '=', admin.tenantId)
          .where('id', 'in', input.devices)
          .execute()
      : [];
    const known = new Set(ownDevices.map((d) => d.id));
    unknown.push(...input.devices.filter((d) => !known.has(d)));
    if (unknown.length) throw new Refusal('invalid_request', `Not in this organisation: ${unknown.join(', ')}`);
    const id = randomUUID();
    await audit.transaction(async (trx, record) => {
      await trx.insertInto('groups').values({ id, tenant_id: admin.tenantId, name: input.name }).execute();
      // People and devices share the member table: both are looked up by id when a scope is checked.
      for (const memberId of new Set([...people.map((p) => p?.id), ...input.devices])) {
        if (memberId) await trx.insertInto('group_members').values({ group_id: id, user_id: memberId }).execute();
      }
      await record({ type: 'rbac.group_created', tenantId: admin.tenantId, actorId: admin.id, data: { id, ...input } });
    });
    directory.changed();
    return { id, ...input } satisfies GroupView;
  });

  serve(app, API.assignments, async ({ req }) => ({
    assignments: await assignments((await administrator(req)).tenantId),
  }));

  serve(app, API.createAssignment, async ({ req, body }) => {
    const admin = await administrator(req);
    const input = body();
    const tenantRoles = await roles(admin.tenantId);
    const tenantGroups = new Set((await groups(admin.tenantId)).map((g) => g.id));
    if (!tenantRoles.some((r) => r.id === input.roleId)) throw new Refusal('invalid_request', 'No such role.');
    const principalOk =
      input.principal.type === 'group'
        ? tenantGroups.has(input.principal.id)
        : (await directory.findUser(input.principal.id))?.tenantId === admin.tenantId;
    if (!principalOk) throw new Refusal('invalid_request', 'No such person or group in this organisation.');
    if (input.scope !== 'all' && input.scope.groups.some((g) => !tenantGroups.has(g))) {
      throw new Refusal('invalid_request', 'The scope names a group that does not exist.');
    }
    const scope = input.scope === 'all' ? 'all' : input.scope.groups;
    const id = await audit.transaction(async (trx, record) => {
      const inserted = await trx
        .insertInto('role_assignments')
        .values({
          tenant_id: admin.tenantId,
          role_id: input.roleId,
          principal_id: input.principal.id,
          principal_type: input.principal.type,
          scope: JSON.stringify(scope),
        })
        .executeTakeFirstOrThrow();
      const newId = Number(inserted.insertId);
      await record({
        type: 'rbac.assignment_created',
        tenantId: admin.tenantId,
        actorId: admin.id,
        data: { id: newId, ...input },
      });
      return newId;
    });
    directory.changed();
    return { id, ...input } satisfies AssignmentView;
  });

  serve(app, API.deleteAssignment, async ({ req, params }) => {
    const admin = await administrator(req);
    const id = Number(params.id);
    const existing = (await assignments(admin.tenantId)).find((a) => a.id === id);
    if (!existing) throw new Refusal('not_found', 'No such assignment.');
    await audit.transaction(async (trx, record) => {
      await trx.deleteFrom('role_assignments').where('id', '=', id).where('tenant_id', '=', admin.tenantId).execute();
      await record({
        type: 'rbac.assignment_deleted',
        tenantId: admin.tenantId,
        actorId: admin.id,
        data: { ...existing },
      });
    });
    directory.changed();
  });
}
