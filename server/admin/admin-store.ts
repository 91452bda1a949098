/**
 * The administration tables (spec 3.4): roles, groups with their members (people and devices), role assignments, and
 * the tenant's people and devices they may name. Reads take the database; writes take the transaction they belong to.
 */
import type { Permission } from '@remote-help/protocol/domain';
import type { AssignmentInput, AssignmentView, GroupView, PersonView, RoleView } from '@remote-help/protocol/settings';
import type { Trx } from '../audit/audit-log.ts';
import type { Database } from '../db/database.ts';
import type { GroupMemberType } from '../db/tables.ts';

export interface GroupMember {
  type: GroupMemberType;
  id: string;
}

export class AdminStore {
  constructor(private readonly db: Database) {}

  /** The built-in roles, then the tenant's own, each by name. */
  async roles(tenantId: string): Promise<RoleView[]> {
    const rows = await this.db
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

  /** The tenant's groups, each with its people (by email) and devices (by id). */
  async groups(tenantId: string): Promise<GroupView[]> {
    const rows = await this.db
      .selectFrom('groups')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('name')
      .execute();
    const people = await this.db
      .selectFrom('group_members')
      .innerJoin('users', 'users.id', 'group_members.member_id')
      .select(['group_members.group_id', 'users.email'])
      .where('group_members.member_type', '=', 'person')
      .where('users.tenant_id', '=', tenantId)
      .execute();
    const devices = await this.db
      .selectFrom('group_members')
      .innerJoin('devices', 'devices.id', 'group_members.member_id')
      .select(['group_members.group_id', 'devices.id'])
      .where('group_members.member_type', '=', 'device')
      .where('devices.tenant_id', '=', tenantId)
      .execute();
    return rows.map((g) => ({
      id: g.id,
      name: g.name,
      members: people.filter((m) => m.group_id === g.id).map((m) => m.email),
      devices: devices.filter((d) => d.group_id === g.id).map((d) => d.id),
    }));
  }

  async assignments(tenantId: string): Promise<AssignmentView[]> {
    const rows = await this.db.selectFrom('role_assignments').selectAll().where('tenant_id', '=', tenantId).execute();
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

  async people(tenantId: string): Promise<PersonView[]> {
    return this.db
      .selectFrom('users')
      .select(['id', 'name', 'email'])
      .where('tenant_id', '=', tenantId)
      .orderBy('name')
      .execute();
  }

  /** Which of these device ids are the tenant's. */
  async ownDevices(tenantId: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('devices')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', ids)
      .execute();
    return new Set(rows.map((d) => d.id));
  }

  async insertRole(trx: Trx, tenantId: string, role: Omit<RoleView, 'builtIn'>): Promise<void> {
    await trx
      .insertInto('roles')
      .values({
        id: role.id,
        tenant_id: tenantId,
        name: role.name,
        permissions: JSON.stringify(role.permissions),
        built_in: 0,
      })
      .execute();
  }

  async updateRole(trx: Trx, tenantId: string, role: Omit<RoleView, 'builtIn'>): Promise<void> {
    await trx
      .updateTable('roles')
      .set({ name: role.name, permissions: JSON.stringify(role.permissions) })
      .where('id', '=', role.id)
      .where('tenant_id', '=', tenantId)
      .execute();
  }

  async roleAssigned(trx: Trx, roleId: string): Promise<boolean> {
    const used = await trx
      .selectFrom('role_assignments')
      .select('id')
      .where('role_id', '=', roleId)
      .limit(1)
      .executeTakeFirst();
    return used !== undefined;
  }

  async deleteRole(trx: Trx, tenantId: string, roleId: string): Promise<void> {
    await trx.deleteFrom('roles').where('id', '=', roleId).where('tenant_id', '=', tenantId).execute();
  }

  async insertGroup(trx: Trx, tenantId: string, group: { id: string; name: string; members: GroupMember[] }) {
    await trx.insertInto('groups').values({ id: group.id, tenant_id: tenantId, name: group.name }).execute();
    for (const member of group.members) {
      await trx
        .insertInto('group_members')
        .values({ group_id: group.id, member_type: member.type, member_id: member.id })
        .execute();
    }
  }

  /** Inserts the assignment; answers its new id. */
  async insertAssignment(trx: Trx, tenantId: string, input: AssignmentInput): Promise<number> {
    const inserted = await trx
      .insertInto('role_assignments')
      .values({
        tenant_id: tenantId,
        role_id: input.roleId,
        principal_id: input.principal.id,
        principal_type: input.principal.type,
        scope: JSON.stringify(input.scope === 'all' ? 'all' : input.scope.groups),
      })
      // RETURNING, not insertId: PostgreSQL's driver reports no inserted id.
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(inserted.id);
  }

  async deleteAssignment(trx: Trx, tenantId: string, id: number): Promise<void> {
    await trx.deleteFrom('role_assignments').where('id', '=', id).where('tenant_id', '=', tenantId).execute();
  }
}
