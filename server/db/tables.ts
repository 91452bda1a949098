/** Table shapes for the query layer. Times are milliseconds since the epoch; lists are JSON text. */
import type { Generated } from 'kysely';

export interface TenantTable {
  id: string;
  name: string;
  verified_domains: string;
}
export interface UserTable {
  id: string;
  tenant_id: string;
  email: string;
  name: string;
  job_title: string;
}
export interface RoleTable {
  id: string;
  /** Null for built-in roles, shared by every tenant. */
  tenant_id: string | null;
  name: string;
  permissions: string;
  built_in: number;
}
export interface RoleAssignmentTable {
  id: Generated<number>;
  tenant_id: string;
  role_id: string;
  principal_id: string;
  principal_type: Generated<'user' | 'group'>;
  /** JSON: "all", or a list of group ids. */
  scope: Generated<string>;
}
export interface GroupTable {
  id: string;
  tenant_id: string;
  name: string;
}
/** What a group holds: people (users.id) and enrolled devices (devices.id). */
export type GroupMemberType = 'person' | 'device';
export interface GroupMemberTable {
  group_id: string;
  member_type: GroupMemberType;
  member_id: string;
}
export interface CodeTable {
  /** SHA-256 of the code: a copy of the database does not hand out live codes. */
  code_hash: string;
  tenant_id: string;
  helper_id: string;
  permitted_modes: string;
  created_at: number;
  expires_at: number;
  status: 'active' | 'used' | 'cancelled';
  session_id: string | null;
}
export interface SessionTable {
  id: string;
  tenant_id: string;
  helper_id: string;
  sharer_id: string;
  permitted_modes: string;
  started_at: number;
  ended_at: number | null;
  end_reason: string | null;
  /** Modes granted at some point in the session, as a JSON list. */
  modes_used: Generated<string>;
  /** The sharer's enrolled device; null when unenrolled. */
  device_id: Generated<string | null>;
  /** Where negotiation stands (server/sessions/negotiation.ts), as JSON; null before the first event. */
  negotiation: Generated<string | null>;
  /** The node running the live session's timers (server/sessions/session-leases.ts); null until one claims it. */
  owner_node: Generated<string | null>;
  /** Goes up by one each time a node claims the session. */
  owner_epoch: Generated<number>;
  /** Until when the owner's lease holds unless renewed. */
  lease_until: Generated<number | null>;
  /** Each disconnected member's grace deadline, as JSON ({ userId: ms }). */
  grace_deadlines: Generated<string | null>;
}
export interface RedeemFailureTable {
  id: Generated<number>;
  user_id: string;
  address: string;
  at: number;
}
export interface AuditTable {
  seq: Generated<number>;
  at: number;
  tenant_id: string | null;
  type: string;
  actor_id: string | null;
  subject_id: string | null;
  data: string;
  prev_hash: string;
  hash: string;
  /** The audit key the hash was made with (audit-keys.ts); null for records from before the chain was keyed. */
  key_id: string | null;
  /** The chain the record is in: its tenant's id, or '' (records of no tenant, and all from before per-tenant chains). */
  chain: Generated<string>;
}
/** Each audit chain's head (audit-log.ts): locked and moved by the transaction that appends to the chain. */
export interface AuditHeadTable {
  chain: string;
  /** The chain's newest record (0 and the genesis hash before its first). */
  seq: number;
  hash: string;
  /** How many records the chain has had, pruned ones included. */
  count: number;
}

export interface TenantSettingsTable {
  tenant_id: string;
  /** TenantSettings as JSON. */
  settings: string;
  updated_at: number;
  updated_by: string;
}

export interface EnrollmentTokenTable {
  /** SHA-256 of the token, as for codes. */
  token_hash: string;
  tenant_id: string;
  created_by: string;
  created_at: number;
  expires_at: number;
  /** 1 when the administrator made it for any number of devices; 0 (the default) enrolls one. */
  multi_use: number;
  /** When a single-use token enrolled its device. */
  used_at: number | null;
}
/** A remote launch waiting for the device's answer (spec 3.2). */
export interface PendingLaunchTable {
  id: string;
  tenant_id: string;
  helper_id: string;
  device_id: string;
  expires_at: number;
}
/** The development identity provider's state (oidc-provider's models: Session, Interaction, Grant, tokens…). */
export interface OidcEntryTable {
  model: string;
  id: string;
  payload: string;
  grant_id: string | null;
  user_code: string | null;
  uid: string | null;
  /** Milliseconds since the epoch; null: no expiry. */
  expires_at: number | null;
  /** Seconds since the epoch, as oidc-provider reads `consumed`. */
  consumed_at: number | null;
}
export interface DeviceTable {
  id: string;
  tenant_id: string;
  owner_id: string;
  name: string;
  os: string;
  /** SHA-256 of the device's secret. */
  secret_hash: string;
  enrolled_at: number;
  last_check_in: number | null;
  compliance: 'compliant' | 'not_compliant' | 'unknown';
}

export interface Tables {
  tenants: TenantTable;
  users: UserTable;
  roles: RoleTable;
  role_assignments: RoleAssignmentTable;
  codes: CodeTable;
  sessions: SessionTable;
  redeem_failures: RedeemFailureTable;
  audit_log: AuditTable;
  audit_heads: AuditHeadTable;
  tenant_settings: TenantSettingsTable;
  groups: GroupTable;
  group_members: GroupMemberTable;
  enrollment_tokens: EnrollmentTokenTable;
  devices: DeviceTable;
  pending_launches: PendingLaunchTable;
  oidc_entries: OidcEntryTable;
}
