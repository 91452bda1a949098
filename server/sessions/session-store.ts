/**
 * Sessions in the database: the ones still open (picked up after a restart), where each one's negotiation stands and
 * which modes it used, and how it ended. Writes take the transaction their audit records go in.
 */
import type { EndReason, SessionDevice } from '@remote-help/protocol/domain';
import type { Selectable } from 'kysely';
import type { Trx } from '../audit/audit-log.ts';
import type { Database } from '../db/database.ts';
import type { SessionTable } from '../db/tables.ts';
import { sessionDeviceOf } from '../devices/device-registry.ts';
import type { NegotiationState } from './negotiation.ts';

export class SessionStore {
  constructor(private readonly db: Database) {}

  /** Sessions that were open when the server stopped. */
  open(): Promise<Selectable<SessionTable>[]> {
    return this.db.selectFrom('sessions').selectAll().where('ended_at', 'is', null).execute();
  }

  async device(deviceId: string): Promise<SessionDevice | null> {
    const row = await this.db.selectFrom('devices').selectAll().where('id', '=', deviceId).executeTakeFirst();
    return sessionDeviceOf(row);
  }

  /** Whether the person was a member of this session and it has ended. */
  async endedFor(userId: string, sessionId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('sessions')
      .select(['helper_id', 'sharer_id', 'ended_at'])
      .where('id', '=', sessionId)
      .executeTakeFirst();
    return Boolean(row && row.ended_at !== null && (row.helper_id === userId || row.sharer_id === userId));
  }

  /** Modes are written as soon as first granted: reports of running sessions show them, and a restart keeps them. */
  async saveNegotiation(trx: Trx, sessionId: string, state: NegotiationState, modesUsed: string[]): Promise<void> {
    await trx
      .updateTable('sessions')
      .set({ negotiation: JSON.stringify(state), modes_used: JSON.stringify(modesUsed) })
      .where('id', '=', sessionId)
      .execute();
  }

  /**
   * Writes the end unless the session has ended already — by another node, or another writer on this one: whether
   * this call ended it. Only the writer that ended it audits and tells the members, so an end is recorded once.
   */
  async saveEnd(
    trx: Trx,
    sessionId: string,
    end: { at: number; reason: EndReason; modesUsed: string[] },
  ): Promise<boolean> {
    const result = await trx
      .updateTable('sessions')
      .set({ ended_at: end.at, end_reason: end.reason, modes_used: JSON.stringify(end.modesUsed) })
      .where('id', '=', sessionId)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }
}
