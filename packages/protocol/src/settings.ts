/** What an administrator sets for the tenant (spec 3.4, 4.10, 5.3): its settings and its roles, groups and assignments. */
import { z } from 'zod';
import { permissionSchema } from './domain.ts';

// ---------------------------------------------------------------- tenant settings (spec 5.3, 4.10)

/** An IPv4 or IPv6 range in CIDR notation, e.g. 10.0.0.0/8 or 2001:db8::/32. */
const cidrSchema = z.union([z.cidrv4(), z.cidrv6()]);

/** Conditional-access rules for one side (helpers or sharers). */
const accessRulesSchema = z.object({
  /** The sign-in must have used multifactor authentication (`amr` contains `mfa`). */
  requireMfa: z.boolean(),
  /** When not empty, requests must come from one of these ranges. */
  allowedRanges: z.array(cidrSchema).max(100),
});
export type AccessRules = z.infer<typeof accessRulesSchema>;

export const tenantSettingsSchema = z.object({
  remoteHelpEnabled: z.boolean(),
  allowUnenrolledDevices: z.boolean(),
  chatDisabled: z.boolean(),
  /** 0 = no limit. */
  maxSessionMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  /** 0 = no limit. */
  idleTimeoutMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  /** Days the audit log and reports keep records. */
  retentionDays: z.number().int().min(1).max(3650),
  helpers: accessRulesSchema,
  sharers: accessRulesSchema,
});
export type TenantSettings = z.infer<typeof tenantSettingsSchema>;

export const DEFAULT_TENANT_SETTINGS: TenantSettings = {
  remoteHelpEnabled: true,
  allowUnenrolledDevices: true,
  chatDisabled: false,
  maxSessionMinutes: 0,
  idleTimeoutMinutes: 0,
  retentionDays: 30,
  helpers: { requireMfa: false, allowedRanges: [] },
  sharers: { requireMfa: false, allowedRanges: [] },
};

// ---------------------------------------------------------------- role-based access control (spec 3.4)

export const roleInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  permissions: z.array(permissionSchema).min(1),
});
export type RoleInput = z.infer<typeof roleInputSchema>;
export const roleViewSchema = roleInputSchema.extend({ id: z.string(), builtIn: z.boolean() });
export type RoleView = z.infer<typeof roleViewSchema>;

export const groupInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  /** Members by email; each must be a person of the tenant. */
  members: z.array(z.email()).max(1000),
  /** Enrolled devices by id (spec 3.4: scopes name groups of users or devices); each must be the tenant's. */
  devices: z.array(z.string().min(1).max(64)).max(1000).default([]),
});
export type GroupInput = z.infer<typeof groupInputSchema>;
export const groupViewSchema = groupInputSchema.extend({ id: z.string() });
export type GroupView = z.infer<typeof groupViewSchema>;

/** Whom an assignment covers: everyone in the tenant, or the members of named groups. */
const assignmentScopeSchema = z.union([
  z.literal('all'),
  z.object({ groups: z.array(z.string().min(1)).min(1).max(50) }),
]);
export const assignmentInputSchema = z.object({
  roleId: z.string().min(1),
  principal: z.object({ type: z.enum(['user', 'group']), id: z.string().min(1) }),
  scope: assignmentScopeSchema,
});
export type AssignmentInput = z.infer<typeof assignmentInputSchema>;
export const assignmentViewSchema = assignmentInputSchema.extend({ id: z.number().int() });
export type AssignmentView = z.infer<typeof assignmentViewSchema>;

/** A person of the tenant, as the administration page names them (assignments to people). */
const personViewSchema = z.object({ id: z.string(), name: z.string(), email: z.string() });
export type PersonView = z.infer<typeof personViewSchema>;

export const rolesResponseSchema = z.object({ roles: z.array(roleViewSchema) });
export const groupsResponseSchema = z.object({ groups: z.array(groupViewSchema) });
export const assignmentsResponseSchema = z.object({ assignments: z.array(assignmentViewSchema) });
export const peopleResponseSchema = z.object({ people: z.array(personViewSchema) });
