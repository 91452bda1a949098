/** Starting a session row, whichever way the two people were paired (security code or remote launch). */
import type { Mode, Session, SessionDevice } from '@remote-help/protocol/domain';
import type { RecordAudit, Trx } from '../audit/audit-log.ts';
import { cardFor, type DirectoryUser } from '../directory/directory.ts';

export interface SessionStart {
  id: string;
  tenantId: string;
  helper: DirectoryUser;
  sharer: DirectoryUser;
  /** What the covering assignments allow for this sharer and device (spec 3.4). */
  modes: Mode[];
  device: SessionDevice | null;
  chatDisabled: boolean;
  now: number;
}

/** Inserts the session and audits its start, inside the caller's transaction. */
export async function startSession(trx: Trx, record: RecordAudit, start: SessionStart): Promise<Session> {
  await trx
    .insertInto('sessions')
    .values({
      id: start.id,
      tenant_id: start.tenantId,
      helper_id: start.helper.id,
      sharer_id: start.sharer.id,
      permitted_modes: JSON.stringify(start.modes),
      started_at: start.now,
      ended_at: null,
      end_reason: null,
      device_id: start.device?.id ?? null,
    })
    .execute();
  await record({
    type: 'session.started',
    tenantId: start.tenantId,
    actorId: start.helper.id,
    subjectId: start.sharer.id,
    data: { sessionId: start.id, modes: start.modes, deviceId: start.device?.id ?? null },
  });
  return {
    id: start.id,
    helper: cardFor(start.helper),
    sharer: cardFor(start.sharer),
    permittedModes: start.modes,
    startedAt: new Date(start.now).toISOString(),
    chatDisabled: start.chatDisabled,
    device: start.device,
  };
}
