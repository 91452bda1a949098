/**
 * What passes between a session's two members through the server (spec 4.1–4.3): negotiation events, let through only
 * as the rules allow (negotiation.ts), audited under their own names and written where negotiation stands; WebRTC
 * signalling, relayed as it is; and reports of activity the server cannot see. Media and chat never pass here.
 */
import {
  ACTIVITY_REPORT_INTERVAL_MS,
  type SessionEvent,
  type SignalData,
} from '@remote-help/protocol/session-negotiation';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../domain/clock.ts';
import type { Notifier } from '../domain/notifier.ts';
import { Refusal } from '../domain/refusal.ts';
import { negotiate } from './negotiation.ts';
import type { SessionRegistry } from './session-registry.ts';
import type { SessionStore } from './session-store.ts';

/**
 * Activity reports taken per session at most this often; the others are ignored. A third of the clients' interval, so
 * each member's reports are all taken and a flood is not.
 */
export const ACTIVITY_REPORT_MIN_INTERVAL_MS = ACTIVITY_REPORT_INTERVAL_MS / 3;

/** The audit record of each negotiation event let through. */
const AUDIT_TYPES: Record<SessionEvent['type'], string> = {
  'mode.request': 'mode.requested',
  'mode.allow': 'mode.granted',
  'mode.decline': 'mode.declined',
  'mode.switch': 'mode.changed',
  'sharing.stopped': 'sharing.stopped',
  'elevation.request': 'elevation.requested',
  'elevation.allow': 'elevation.granted',
  'elevation.decline': 'elevation.declined',
  'elevation.used': 'elevation.used',
  'signout.done': 'signout.done',
};

export interface SessionRelayDeps {
  registry: SessionRegistry;
  store: SessionStore;
  audit: AuditLog;
  notifier: Notifier;
  clock: Clock;
}

export class SessionRelay {
  constructor(private readonly deps: SessionRelayDeps) {}

  /**
   * Relays a negotiation event to the other member once the rules allow it and audits it; refuses (and audits the
   * refusal) what they do not: the wrong side, a mode the session does not permit, an answer to no open request. Only
   * a granted answer to an open request counts as a mode used.
   */
  async event(userId: string, sessionId: string, event: SessionEvent): Promise<void> {
    const { entry, role, otherId } = this.deps.registry.member(userId, sessionId);
    entry.lastActivity = this.deps.clock.now();
    const outcome = negotiate(entry.negotiation, role, event, entry.session.permittedModes);
    const key = [userId, event.type, 'mode' in event ? event.mode : '', outcome.ok ? '' : outcome.code].join(' ');
    if (!outcome.ok) {
      const refusal = new Refusal(outcome.code, outcome.message);
      if (entry.repeats.holdBack(key)) throw refusal;
      const repeated = entry.repeats.through(key);
      await this.deps.audit.append({
        type: 'negotiation.refused',
        tenantId: entry.tenantId,
        actorId: userId,
        subjectId: otherId,
        data: {
          sessionId,
          role,
          event: event.type,
          ...('mode' in event ? { mode: event.mode } : {}),
          reason: outcome.code,
          ...(repeated ? { repeated } : {}),
        },
      });
      throw refusal;
    }
    // The same request again while it is open: the other side has it already.
    if (outcome.repeated && entry.repeats.holdBack(key)) return;
    const repeated = event.type.endsWith('.request') ? entry.repeats.through(key) : 0;
    const { granted, state } = outcome;
    // Taken at once, so the next event is judged against it; put back if it cannot be written.
    const before = { negotiation: entry.negotiation, modesUsed: new Set(entry.modesUsed) };
    entry.negotiation = state;
    if (granted) entry.modesUsed.add(granted);
    const modesUsed = [...entry.modesUsed];
    try {
      await this.deps.audit.transaction(async (trx, record) => {
        await this.deps.store.saveNegotiation(trx, sessionId, state, modesUsed);
        await record({
          type: AUDIT_TYPES[event.type],
          tenantId: entry.tenantId,
          actorId: userId,
          subjectId: otherId,
          data: { sessionId, ...event, ...(repeated ? { repeated } : {}) },
        });
      });
    } catch (e) {
      if (entry.negotiation === state) {
        entry.negotiation = before.negotiation;
        entry.modesUsed = before.modesUsed;
      }
      throw e;
    }
    this.deps.notifier.toPerson(otherId, { type: 'session.event', sessionId, from: role, event });
  }

  signal(userId: string, sessionId: string, peer: number, data: SignalData): void {
    const { entry, otherId } = this.deps.registry.member(userId, sessionId);
    entry.lastActivity = this.deps.clock.now();
    this.deps.notifier.toPerson(otherId, { type: 'session.signal', sessionId, peer, data });
  }

  /**
   * A member reports activity the server cannot see (chat, input, mode changes over the peer connection). Reports
   * closer together than ACTIVITY_REPORT_MIN_INTERVAL_MS are ignored.
   */
  activity(userId: string, sessionId: string): void {
    const { entry } = this.deps.registry.member(userId, sessionId);
    const now = this.deps.clock.now();
    if (now - entry.lastReport < ACTIVITY_REPORT_MIN_INTERVAL_MS) return;
    entry.lastReport = now;
    entry.lastActivity = now;
  }
}
