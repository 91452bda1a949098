/**
 * Administration of who may help whom (spec 3.4): roles (built-in and custom), groups of people and devices, and
 * assignments of roles to people or groups over a scope, each within the administrator's own tenant. The rules of
 * what may change are here; every change goes through `commit`, which writes it with its audit record in one
 * transaction and then has the directory forget its cached answers — here and on a cluster's other nodes — so it
 * applies to new sessions at once (and running sessions are checked against it again).
 */
import { randomUUID } from 'node:crypto';
import type {
  AssignmentInput,
  AssignmentView,
  GroupInput,
  GroupView,
  PersonView,
  RoleInput,
  RoleView,
} from '@remote-help/protocol/settings';
import type { AuditLog, Trx } from '../audit/audit-log.ts';
import type { Directory } from '../directory/directory.ts';
import { type Invalidations, singleProcess } from '../domain/invalidations.ts';
import { Refusal } from '../domain/refusal.ts';
import { unavailable } from '../domain/unavailable.ts';
import type { AdminStore, GroupMember } from './admin-store.ts';

/** Who makes a change: their tenant is the one changed, and the audit record names them. */
export interface Administrator {
  id: string;
  tenantId: string;
}

/** What a change writes, and the audit record that says so. */
interface Change<T> {
  result: T;
  record: { type: `rbac.${string}`; data: Record<string, unknown> };
}

export interface AdminDeps {
  store: AdminStore;
  audit: AuditLog;
  directory: Directory;
  /** A cluster's other nodes hear of every change (they cache the directory too). */
  invalidations?: Invalidations;
}

export class AdminService {
  constructor(private readonly deps: AdminDeps) {}

  roles(tenantId: string): Promise<RoleView[]> {
    return this.deps.store.roles(tenantId);
  }

  groups(tenantId: string): Promise<GroupView[]> {
    return this.deps.store.groups(tenantId);
  }

  assignments(tenantId: string): Promise<AssignmentView[]> {
    return this.deps.store.assignments(tenantId);
  }

  /** The tenant's people, so assignments can name them. */
  people(tenantId: string): Promise<PersonView[]> {
    return this.deps.store.people(tenantId);
  }

  private async commit<T>(admin: Administrator, write: (trx: Trx) => Promise<Change<T>>): Promise<T> {
    const invalidations = this.deps.invalidations ?? singleProcess;
    // A change the other nodes could not hear of would leave them answering from the old directory.
    if (!invalidations.listening()) throw unavailable();
    const result = await this.deps.audit.transaction(async (trx, record) => {
      const change = await write(trx);
      await record({ ...change.record, tenantId: admin.tenantId, actorId: admin.id });
      return change.result;
    });
    this.deps.directory.changed();
    await invalidations.publish({ kind: 'directory' });
    return result;
  }

  createRole(admin: Administrator, input: RoleInput): Promise<RoleView> {
    const id = randomUUID();
    return this.commit(admin, async (trx) => {
      await this.deps.store.insertRole(trx, admin.tenantId, { id, ...input });
      return {
        result: { id, ...input, builtIn: false },
        record: { type: 'rbac.role_created', data: { id, ...input } },
      };
    });
  }

  /** A custom role of the administrator's tenant; built-in roles are refused (they are the same for every tenant). */
  private async customRole(tenantId: string, id: string): Promise<RoleView> {
    const role = (await this.deps.store.roles(tenantId)).find((r) => r.id === id);
    if (!role) throw new Refusal('not_found', 'No such role.');
    if (role.builtIn) throw new Refusal('role_built_in', 'Built-in roles cannot be changed or deleted.');
    return role;
  }

  /** People holding the role get its new permissions from their next session on. */
  async updateRole(admin: Administrator, id: string, input: RoleInput): Promise<RoleView> {
    const before = await this.customRole(admin.tenantId, id);
    return this.commit(admin, async (trx) => {
      await this.deps.store.updateRole(trx, admin.tenantId, { id: before.id, ...input });
      return {
        result: { id: before.id, ...input, builtIn: false },
        record: {
          type: 'rbac.role_updated',
          data: { id: before.id, before: { name: before.name, permissions: before.permissions }, after: input },
        },
      };
    });
  }

  async deleteRole(admin: Administrator, id: string): Promise<void> {
    const role = await this.customRole(admin.tenantId, id);
    await this.commit(admin, async (trx) => {
      if (await this.deps.store.roleAssigned(trx, role.id)) {
        throw new Refusal('role_in_use', 'The role is still assigned; remove its assignments first.');
      }
      await this.deps.store.deleteRole(trx, admin.tenantId, role.id);
      return { result: undefined, record: { type: 'rbac.role_deleted', data: { ...role } } };
    });
  }

  /** A group of the tenant's people (named by email) and devices (by id); anyone or anything else is refused. */
  async createGroup(admin: Administrator, input: GroupInput): Promise<GroupView> {
    const people = await Promise.all(input.members.map((email) => this.deps.directory.findUserByEmail(email)));
    const unknown = input.members.filter((_, i) => people[i]?.tenantId !== admin.tenantId);
    const devices = await this.deps.store.ownDevices(admin.tenantId, input.devices);
    unknown.push(...input.devices.filter((d) => !devices.has(d)));
    if (unknown.length) throw new Refusal('invalid_request', `Not in this organisation: ${unknown.join(', ')}`);
    const members: GroupMember[] = [
      ...[...new Set(people.flatMap((p) => (p ? [p.id] : [])))].map((id) => ({ type: 'person' as const, id })),
      ...[...devices].map((id) => ({ type: 'device' as const, id })),
    ];
    const id = randomUUID();
    return this.commit(admin, async (trx) => {
      await this.deps.store.insertGroup(trx, admin.tenantId, { id, name: input.name, members });
      return { result: { id, ...input }, record: { type: 'rbac.group_created', data: { id, ...input } } };
    });
  }

  /** An assignment of one of the tenant's roles to one of its people or groups, over all or some of its groups. */
  async createAssignment(admin: Administrator, input: AssignmentInput): Promise<AssignmentView> {
    const roles = await this.deps.store.roles(admin.tenantId);
    const groups = new Set((await this.deps.store.groups(admin.tenantId)).map((g) => g.id));
    if (!roles.some((r) => r.id === input.roleId)) throw new Refusal('invalid_request', 'No such role.');
    const principalOk =
      input.principal.type === 'group'
        ? groups.has(input.principal.id)
        : (await this.deps.directory.findUser(input.principal.id))?.tenantId === admin.tenantId;
    if (!principalOk) throw new Refusal('invalid_request', 'No such person or group in this organisation.');
    if (input.scope !== 'all' && input.scope.groups.some((g) => !groups.has(g))) {
      throw new Refusal('invalid_request', 'The scope names a group that does not exist.');
    }
    return this.commit(admin, async (trx) => {
      const id = await this.deps.store.insertAssignment(trx, admin.tenantId, input);
      return { result: { id, ...input }, record: { type: 'rbac.assignment_created', data: { id, ...input } } };
    });
  }

  async deleteAssignment(admin: Administrator, id: number): Promise<void> {
    const existing = (await this.deps.store.assignments(admin.tenantId)).find((a) => a.id === id);
    if (!existing) throw new Refusal('not_found', 'No such assignment.');
    await this.commit(admin, async (trx) => {
      await this.deps.store.deleteAssignment(trx, admin.tenantId, id);
      return { result: undefined, record: { type: 'rbac.assignment_deleted', data: { ...existing } } };
    });
  }
}
