/** Applies a tenant's conditional-access rules to a request, refusing with the rule's error code and auditing it. */
import type { AuditLog } from '../audit/audit-log.ts';
import { Refusal } from '../domain/refusal.ts';
import { checkAccess } from './access-policy.ts';
import type { SettingsStore } from './settings-store.ts';

/** Who is asking, and how this sign-in was made (the token's `amr` claim): what conditional access judges. */
export interface PolicySubject {
  id: string;
  tenantId: string;
  amr: readonly string[];
}

export type EnforcePolicy = (user: PolicySubject, side: 'helpers' | 'sharers', address: string) => Promise<void>;

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
    throw new Refusal(refusal.code, refusal.message);
  };
}
