/**
 * Who gets a control grant (spec 6): the sharer of a live session, for modes all within the session's permitted ones
 * and including control. Each grant is audited with its id, so an agent's use of it can be traced to its issue.
 */
import type { AgentGrantResponse } from '@remote-help/protocol/agent';
import type { AuditLog } from '../audit/audit-log.ts';
import { Refusal } from '../domain/refusal.ts';
import type { Membership } from '../sessions/session-registry.ts';
import type { AgentGrants } from './agent-grants.ts';

export interface ControlGrantDeps {
  /** The person's membership of a live session; refused when the session has ended or is not theirs. */
  membership(userId: string, sessionId: string): Promise<Membership>;
  grants: AgentGrants;
  audit: AuditLog;
}

export interface ControlGrantRequest {
  /** The sharer's agent's device id, which the grant names. */
  device: string;
  modes: ('control' | 'elevation')[];
}

export class ControlGrants {
  constructor(private readonly deps: ControlGrantDeps) {}

  async grant(userId: string, sessionId: string, request: ControlGrantRequest): Promise<AgentGrantResponse> {
    const { entry, role, otherId } = await this.deps.membership(userId, sessionId);
    if (role !== 'sharer') throw new Refusal('forbidden', 'Only the sharer’s device is given control grants.');
    const outside = request.modes.filter((m) => !entry.session.permittedModes.includes(m));
    if (outside.length || !request.modes.includes('control')) {
      throw new Refusal('forbidden', `This session does not permit ${outside.join(', ') || 'control'}.`);
    }
    const { token, expiresAt, jti } = await this.deps.grants.issue({
      sessionId,
      device: request.device,
      modes: request.modes,
    });
    await this.deps.audit.append({
      type: 'agent.grant_issued',
      tenantId: entry.tenantId,
      actorId: userId,
      subjectId: otherId,
      data: { sessionId, device: request.device, modes: request.modes, grantId: jti },
    });
    return { token, expiresAt };
  }
}
