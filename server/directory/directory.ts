/**
 * The organisation directory: people, tenants, roles. In development it is seeded from spec 2.3; in production
 * the same tables are filled from Microsoft Graph. Profile data never comes from the browser.
 */
import type { IdentityCard, Mode, Permission } from '@remote-help/protocol/domain';
import type { Database } from '../db/database.ts';
import type { GroupMemberType } from '../db/tables.ts';
import { avatarDataUrl } from './avatar.ts';
import type { ReadScope } from './read-scope.ts';
import { BUILT_IN_ROLES, SEED_TENANTS, SEED_USERS } from './seed.ts';

export interface DirectoryUser {
  id: string;
  tenantId: string;
  tenantName: string;
  email: string;
  name: string;
  jobTitle: string;
  verifiedDomains: string[];
}

/** The modes a set of permissions lets a helper offer. */
export function modesFor(permissions: Iterable<Permission>): Mode[] {
  const p = new Set(permissions);
  if (!p.has('viewScreen')) return [];
  const modes: Mode[] = ['view'];
  if (p.has('takeFullControl')) modes.push('control');
  if (p.has('elevation')) modes.push('elevation');
  return modes;
}

export function cardFor(user: DirectoryUser): IdentityCard {
  const domain = user.email.split('@')[1]?.toLowerCase() ?? '';
  return {
    id: user.id,
    name: user.name,
    jobTitle: user.jobTitle,
    company: user.tenantName,
    photo: avatarDataUrl(user.id, user.name),
    domain,
    domainVerified: user.verifiedDomains.includes(domain),
  };
}

interface Assignment {
  permissions: Permission[];
  scope: 'all' | string[];
}

export class Directory {
  // Every request asks who the caller is and what they may do, so answers are kept in memory and forgotten whenever
  // the directory is written (see `changed`) — here, or on another node of a cluster (heard through Invalidations).
  // While such news could be missed, `trusted` is false and every answer is read from the database.
  private readonly users = new Map<string, DirectoryUser | undefined>();
  private readonly permissions = new Map<string, Permission[]>();
  private readonly assignments = new Map<string, Assignment[]>();
  private readonly groups = new Map<string, string[]>();

  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly db: Database,
    private readonly trusted: () => boolean = () => true,
  ) {}

  /** Call after any change to people, tenants, roles or assignments. */
  changed(): void {
    this.users.clear();
    this.permissions.clear();
    this.assignments.clear();
    this.groups.clear();
    for (const listener of this.listeners) listener();
  }

  /** Told after every change, e.g. to check again what running sessions are still permitted. */
  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  /** Writes the development directory; safe to run at every start. */
  async seed(): Promise<void> {
    this.changed();
    await this.db.transaction().execute(async (tx) => {
      for (const t of SEED_TENANTS) {
        await tx
          .insertInto('tenants')
          .values({ id: t.id, name: t.name, verified_domains: JSON.stringify(t.verifiedDomains) })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      for (const r of BUILT_IN_ROLES) {
        await tx
          .insertInto('roles')
          .values({ id: r.id, tenant_id: null, name: r.name, permissions: JSON.stringify(r.permissions), built_in: 1 })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      for (const u of SEED_USERS) {
        const inserted = await tx
          .insertInto('users')
          .values({ id: u.id, tenant_id: u.tenantId, email: u.email, name: u.name, job_title: u.jobTitle })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        // Only a newly created user gets the seeded roles, so an administrator's later changes survive restarts.
        if (inserted.numInsertedOrUpdatedRows === 1n) {
          for (const role of u.roles) {
            await tx
              .insertInto('role_assignments')
              .values({ tenant_id: u.tenantId, role_id: role, principal_id: u.id })
              .execute();
          }
        }
      }
    });
  }

  async findUser(userId: string): Promise<DirectoryUser | undefined> {
    if (this.trusted() && this.users.has(userId)) return this.users.get(userId);
    const user = await this.loadUser(userId);
    if (this.trusted()) this.users.set(userId, user);
    return user;
  }

  private async loadUser(userId: string): Promise<DirectoryUser | undefined> {
    const row = await this.db
      .selectFrom('users')
      .innerJoin('tenants', 'tenants.id', 'users.tenant_id')
      .select([
        'users.id',
        'users.tenant_id',
        'users.email',
        'users.name',
        'users.job_title',
        'tenants.name as tenant_name',
        'tenants.verified_domains',
      ])
      .where('users.id', '=', userId)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      tenantId: row.tenant_id,
      tenantName: row.tenant_name,
      email: row.email,
      name: row.name,
      jobTitle: row.job_title,
      verifiedDomains: JSON.parse(row.verified_domains) as string[],
    };
  }

  async findUserByEmail(email: string): Promise<DirectoryUser | undefined> {
    const row = await this.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', email.trim().toLowerCase())
      .executeTakeFirst();
    return row ? this.findUser(row.id) : undefined;
  }

  /** Everything a person may do somewhere: the union over all their assignments, whatever the scope. */
  async permissionsOf(userId: string): Promise<Permission[]> {
    const cached = this.trusted() ? this.permissions.get(userId) : undefined;
    if (cached) return cached;
    const all = new Set<Permission>();
    for (const a of await this.assignmentsOf(userId)) for (const p of a.permissions) all.add(p);
    const sorted = [...all].sort();
    if (this.trusted()) this.permissions.set(userId, sorted);
    return sorted;
  }

  /**
   * What a helper may do for one sharer (spec 3.4): the union of the helper's assignments whose scope covers the
   * sharer — all people, or a group the sharer (or the sharer's device) belongs to.
   */
  async permissionsOver(helperId: string, sharerId: string, deviceId?: string): Promise<Permission[]> {
    // A scope covers the sharer when it names a group of the person's or of the device's (spec 3.4).
    const sharerGroups = new Set([
      ...(await this.groupsOf(sharerId)),
      ...(deviceId ? await this.groupsOf(deviceId, 'device') : []),
    ]);
    const all = new Set<Permission>();
    for (const a of await this.assignmentsOf(helperId)) {
      if (a.scope === 'all' || a.scope.some((g) => sharerGroups.has(g))) for (const p of a.permissions) all.add(p);
    }
    return [...all].sort();
  }

  /**
   * What a person may read with `permission` (devices, reports): everything when an assignment carrying it is over
   * all users and devices, else the groups its assignments name — an assignment without it widens nothing.
   */
  async readScope(userId: string, permission: Permission): Promise<ReadScope> {
    const groups = new Set<string>();
    for (const a of await this.assignmentsOf(userId)) {
      if (!a.permissions.includes(permission)) continue;
      if (a.scope === 'all') return 'all';
      for (const g of a.scope) groups.add(g);
    }
    return [...groups];
  }

  /** The groups a person (or, with `type` 'device', an enrolled device) belongs to. */
  async groupsOf(id: string, type: GroupMemberType = 'person'): Promise<string[]> {
    const key = `${type} ${id}`;
    const cached = this.trusted() ? this.groups.get(key) : undefined;
    if (cached) return cached;
    const rows = await this.db
      .selectFrom('group_members')
      .select('group_id')
      .where('member_type', '=', type)
      .where('member_id', '=', id)
      .execute();
    const ids = rows.map((r) => r.group_id);
    if (this.trusted()) this.groups.set(key, ids);
    return ids;
  }

  /** The person's role assignments, directly or through a group. */
  private async assignmentsOf(userId: string): Promise<Assignment[]> {
    const cached = this.trusted() ? this.assignments.get(userId) : undefined;
    if (cached) return cached;
    const principals = [userId, ...(await this.groupsOf(userId))];
    const rows = await this.db
      .selectFrom('role_assignments')
      .innerJoin('roles', 'roles.id', 'role_assignments.role_id')
      .select(['roles.permissions', 'role_assignments.scope'])
      .where('role_assignments.principal_id', 'in', principals)
      .execute();
    const list = rows.map((r) => ({
      permissions: JSON.parse(r.permissions) as Permission[],
      scope: JSON.parse(r.scope) as 'all' | string[],
    }));
    if (this.trusted()) this.assignments.set(userId, list);
    return list;
  }
}
