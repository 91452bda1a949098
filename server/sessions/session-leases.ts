/**
 * One owner node per live session (issue 15): the node that runs its timers (grace, closing, length and idle) holds a
 * lease on it in the database — owner node, epoch, lease expiry — and renews it while it lives. A node that dies stops
 * renewing; once the lease has expired another node claims the session (the epoch goes up by one) and runs its timers
 * from the deadlines stored with it (`grace_deadlines`: absolute times), so a deadline fires once, on time, wherever
 * it ends up. A draining node hands its leases over by expiring them. Every change is a conditional update whose row
 * count says whether it happened: two nodes racing for a session cannot both win it.
 *
 * NODE_NAME must differ between nodes: a node restarting under its name takes back its sessions at once.
 */
import type { Selectable } from 'kysely';
import type { Database } from '../db/database.ts';
import type { SessionTable } from '../db/tables.ts';

/** How long a lease lasts unless renewed; it is renewed every third of it. */
export const SESSION_LEASE_MS = 10_000;

/** Each member's grace deadline (ms since the epoch), by user id. */
export type GraceDeadlines = Record<string, number>;

export function parseGraceDeadlines(json: string | null): GraceDeadlines {
  if (!json) return {};
  try {
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, number] => typeof e[1] === 'number'));
  } catch {
    return {};
  }
}

export class SessionLeases {
  constructor(
    private readonly db: Database,
    readonly node: string,
    readonly leaseMs: number,
    private readonly now: () => number,
  ) {}

  /**
   * Takes the session if it is open and free: never owned and older than a lease (its opener had time to claim it),
   * its lease expired, or — `mine` — owned under this node's name (the opener's first claim, or this node restarted).
   * Answers the row as claimed, or nothing when another node holds it.
   */
  async claim(sessionId: string, mine: boolean): Promise<Selectable<SessionTable> | undefined> {
    const now = this.now();
    const result = await this.db
      .updateTable('sessions')
      .set((eb) => ({ owner_node: this.node, owner_epoch: eb('owner_epoch', '+', 1), lease_until: now + this.leaseMs }))
      .where('id', '=', sessionId)
      .where('ended_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb('lease_until', '<', now),
          eb.and([eb('owner_node', 'is', null), eb('started_at', '<=', now - this.leaseMs)]),
          ...(mine ? [eb('owner_node', 'is', null), eb('owner_node', '=', this.node)] : []),
        ]),
      )
      .executeTakeFirst();
    if (result.numUpdatedRows !== 1n) return undefined;
    return this.db.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();
  }

  /** Open sessions this node could claim now (`restarting`: its own name's too). */
  async claimable(restarting: boolean): Promise<string[]> {
    const now = this.now();
    const rows = await this.db
      .selectFrom('sessions')
      .select('id')
      .where('ended_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb('lease_until', '<', now),
          eb.and([eb('owner_node', 'is', null), eb('started_at', '<=', now - this.leaseMs)]),
          ...(restarting ? [eb('owner_node', 'is', null), eb('owner_node', '=', this.node)] : []),
        ]),
      )
      .execute();
    return rows.map((r) => r.id);
  }

  /** Renews the leases on `sessionIds`; answers those this node still holds (the others were taken over, or ended). */
  async renew(sessionIds: readonly string[]): Promise<Set<string>> {
    if (sessionIds.length === 0) return new Set();
    const rows = await this.db
      .updateTable('sessions')
      .set({ lease_until: this.now() + this.leaseMs })
      .where('id', 'in', sessionIds)
      .where('owner_node', '=', this.node)
      .where('ended_at', 'is', null)
      .returning('id')
      .execute();
    return new Set(rows.map((r) => r.id));
  }

  /** Hands the sessions over: their leases expire now, so the other nodes claim them at their next look. */
  async release(sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    await this.db
      .updateTable('sessions')
      .set({ lease_until: 0 })
      .where('id', 'in', sessionIds)
      .where('owner_node', '=', this.node)
      .execute();
  }

  /** Stores the members' grace deadlines, while this node holds the session. */
  async saveGrace(sessionId: string, deadlines: GraceDeadlines): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ grace_deadlines: JSON.stringify(deadlines) })
      .where('id', '=', sessionId)
      .where('owner_node', '=', this.node)
      .execute();
  }
}
