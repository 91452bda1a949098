/** The sessions this server holds live, by id, and who is a member of which. */
import type { EndReason, Role, Session } from '@remote-help/protocol/domain';
import type { LiveMode } from '@remote-help/protocol/session-negotiation';
import { Refusal } from '../domain/refusal.ts';
import type { NegotiationState } from './negotiation.ts';
import type { RepeatFilter } from './repeat-filter.ts';

/** Why a session ends, who ended it (none: the server did) and when. */
export interface Ending {
  reason: EndReason;
  actorId: string | null;
  at: number;
}

export interface LiveSession {
  session: Session;
  tenantId: string;
  startedAt: number;
  modesUsed: Set<LiveMode | 'elevation'>;
  /** Where negotiation stands: what the server lets through next. */
  negotiation: NegotiationState;
  /** Repeated requests and refusals held back from the other side and the audit log. */
  repeats: RepeatFilter;
  /** When a member was last active (spec 4.10: idle timeout): a reported activity, a negotiation event or a signal. */
  lastActivity: number;
  /** When a `session.activity` report was last taken. */
  lastReport: number;
  /** Set once the session is to end, kept while the ending is being written. */
  ending?: Ending;
  /** The write of the ending under way, shared by everyone waiting for it. */
  writing?: Promise<void>;
}

/** A member's view of a live session: their side, and the other member. */
export interface Membership {
  entry: LiveSession;
  role: Role;
  otherId: string;
}

export class SessionRegistry {
  private readonly live = new Map<string, LiveSession>();
  private readonly held: ((sessionId: string, held: boolean) => void)[] = [];

  /** Told when a session comes to be held here (true) and when it no longer is (cluster delivery follows it). */
  onHeld(listener: (sessionId: string, held: boolean) => void): void {
    this.held.push(listener);
  }

  add(entry: LiveSession): void {
    const isNew = !this.live.has(entry.session.id);
    this.live.set(entry.session.id, entry);
    if (isNew) for (const listener of this.held) listener(entry.session.id, true);
  }

  get(sessionId: string): LiveSession | undefined {
    return this.live.get(sessionId);
  }

  /** Removes the session, if `entry` is still the one held under its id. */
  remove(entry: LiveSession): boolean {
    if (this.live.get(entry.session.id) !== entry) return false;
    this.live.delete(entry.session.id);
    for (const listener of this.held) listener(entry.session.id, false);
    return true;
  }

  has(sessionId: string): boolean {
    return this.live.has(sessionId);
  }

  all(): LiveSession[] {
    return [...this.live.values()];
  }

  get size(): number {
    return this.live.size;
  }

  /** The live sessions the person is a member of. */
  of(userId: string): LiveSession[] {
    return this.all().filter((l) => l.session.helper.id === userId || l.session.sharer.id === userId);
  }

  /** The person's membership of a live session; anyone else (and any ended session) is refused as not found. */
  member(userId: string, sessionId: string): Membership {
    const entry = this.live.get(sessionId);
    if (!entry) throw new Refusal('not_found', 'No such session, or it has ended.');
    if (entry.session.helper.id === userId) return { entry, role: 'helper', otherId: entry.session.sharer.id };
    if (entry.session.sharer.id === userId) return { entry, role: 'sharer', otherId: entry.session.helper.id };
    throw new Refusal('not_found', 'No such session, or it has ended.');
  }
}
