/** Applies a tenant's conditional-access rules to a request, refusing with the rule's error code and auditing it. */
import { ApiError } from '../api/api-error.ts';
import type { AuthenticatedUser } from '../api/authenticate.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { checkAccess } from './access-policy.ts';
import type { SettingsStore } from './settings-store.ts';

export type EnforcePolicy = (user: AuthenticatedUser, side: 'helpers' | 'sharers', address: string) => Promise<void>;

export function makeEnforcePolicy(settings: SettingsStore, audit: AuditLog): EnforcePolicy {
  return async (user, side, address) => {
    const refusal = checkAccess(await settings.get(user.tenantId), side, { amr: user.amr, address });
    if (!refusal) return;
    await audit.append({
      type: 'policy.refused',
      tenantId: user.tenantId,
      actorId: user.id,
      subjectId: null,
      data: { rule: refusal.rule, side, address },
    });
    throw new ApiError(403, refusal.code, refusal.message);
  };
}
