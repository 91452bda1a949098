/**
 * Sessions between pairing and leave (spec 4): the server relays negotiation and signalling between the two members
 * only, audits what was asked and granted, ends sessions on leave or after a connection has been gone too long, and
 * records start, end, duration, modes and reason. Media and chat never pass through here.
 *
 * Ending is decided once (the first reason wins) and then written; a write that fails (the database locked by another
 * process, a full disk) is logged and tried again later until it is written — a timer's work is never lost, and a
 * storage fault never ends the process.
 */
import type { EndReason, Role, Session, SessionDevice } from '@remote-help/protocol/domain';
import {
  ACTIVITY_REPORT_INTERVAL_MS,
  type LiveMode,
  type SessionEvent,
  type SignalData,
} from '@remote-help/protocol/session-negotiation';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Database } from '../db/database.ts';
import { sessionDeviceOf } from '../devices/device-registry.ts';
import { cardFor, type Directory, modesFor } from '../directory/directory.ts';
import type { Notifier, Presence } from '../domain/notifier.ts';
import { Refusal } from '../domain/refusal.ts';
import type { Log } from '../logging/log.ts';
import type { SettingsStore } from '../policies/settings-store.ts';
import { INITIAL_NEGOTIATION, type NegotiationState, negotiate, parseNegotiation } from './negotiation.ts';
import { RepeatFilter } from './repeat-filter.ts';

interface Live {
  session: Session;
  tenantId: string;
  startedAt: number;
  modesUsed: Set<LiveMode | 'elevation'>;
  /** Where negotiation stands: what the server lets through next. */
  negotiation: NegotiationState;
  /** Repeated requests and refusals held back from the other side and the audit log. */
  repeats: RepeatFilter;
  graceTimers: Map<string, ReturnType<typeof setTimeout>>;
  closingTimers: Map<string, ReturnType<typeof setTimeout>>;
  /** When a member was last active (spec 4.10: idle timeout): a reported activity, a negotiation event or a signal. */
  lastActivity: number;
  /** When a `session.activity` report was last taken. */
  lastReport: number;
  /** Set once the session is to end, kept while the ending is being written. */
  ending?: Ending;
  /** The write of the ending under way, shared by everyone waiting for it. */
  writing?: Promise<void>;
  /** A retry of a failed write, waiting. */
  retryTimer?: ReturnType<typeof setTimeout>;
}

/** Why a session ends, who ended it (none: the server did) and when. */
interface Ending {
  reason: EndReason;
  actorId: string | null;
  at: number;
}

/** Waits before writing a failed ending again: 1 s, doubling, at most 10 s. */
export function endRetryDelayMs(attempt: number): number {
  return Math.min(10_000, 1000 * 2 ** attempt);
}

/**
 * Activity reports taken per session at most this often; the others are ignored. A third of the clients' interval, so
 * each member's reports are all taken and a flood is not.
 */
export const ACTIVITY_REPORT_MIN_INTERVAL_MS = ACTIVITY_REPORT_INTERVAL_MS / 3;

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

export interface LiveSessionsDeps {
  db: Database;
  audit: AuditLog;
  /** Tells the members what happens in their session. */
  notifier: Notifier;
  /** Whether each member is connected: a member gone for longer than `graceMs` ends the session. */
  presence: Presence;
  directory: Directory;
  /** How long a member may be disconnected before the session ends (spec 4.9: LINK_TIMEOUT_MS by default). */
  graceMs: number;
  /** How long a closed page has to come back (a reload) before closing counts as leaving. */
  closingMs: number;
  settings: SettingsStore;
  log: Log;
  now?: () => number;
}

export class LiveSessions {
  private readonly live = new Map<string, Live>();
  private readonly now: () => number;

  constructor(private readonly deps: LiveSessionsDeps) {
    this.now = deps.now ?? Date.now;
    deps.presence.onPersonPresence((userId, online) => this.presence(userId, online));
    // Maximum session length and idle timeout (spec 4.10), checked each second against the tenant's current
    // settings, so a change applies to sessions already running.
    this.lengthSweep = setInterval(() => this.sweep(), 1000);
    this.lengthSweep.unref();
    deps.directory.onChange(() => this.recheckPermissions());
  }

  /** A recheck under way, and whether another change came meanwhile (it runs once more). */
  private rechecking: Promise<void> | undefined;
  private recheckAgain = false;

  /**
   * Roles, assignments or groups changed: a session whose helper is no longer permitted every mode it started with
   * over this sharer (and device), or whose members left the directory, ends for `policy`.
   */
  recheckPermissions(): Promise<void> {
    if (this.rechecking) {
      this.recheckAgain = true;
      return this.rechecking;
    }
    this.rechecking = this.endNoLongerPermitted()
      .catch((err: unknown) => this.deps.log.error({ err }, 'checking running sessions against changed roles failed'))
      .finally(() => {
        this.rechecking = undefined;
        if (this.recheckAgain) {
          this.recheckAgain = false;
          void this.recheckPermissions();
        }
      });
    return this.rechecking;
  }

  private async endNoLongerPermitted(): Promise<void> {
    const { directory } = this.deps;
    for (const entry of [...this.live.values()]) {
      if (entry.ending) continue;
      const { helper, sharer, permittedModes, device } = entry.session;
      const [helperUser, sharerUser] = await Promise.all([
        directory.findUser(helper.id),
        directory.findUser(sharer.id),
      ]);
      const covering =
        helperUser && sharerUser ? modesFor(await directory.permissionsOver(helper.id, sharer.id, device?.id)) : [];
      if (permittedModes.some((m) => !covering.includes(m))) this.endInBackground(entry.session.id, 'policy');
    }
  }

  private readonly lengthSweep: ReturnType<typeof setInterval>;
  /** The sweep under way: a slow one (settings unreadable for a while) is not overlapped by the next. */
  private sweeping = false;

  private sweep(): void {
    if (this.sweeping) return;
    this.sweeping = true;
    this.endExpired()
      .catch((err: unknown) => this.deps.log.error({ err }, 'checking session length and idle time failed'))
      .finally(() => {
        this.sweeping = false;
      });
  }

  private async endExpired(): Promise<void> {
    const now = this.now();
    for (const entry of [...this.live.values()]) {
      if (entry.ending) continue;
      const { maxSessionMinutes, idleTimeoutMinutes } = await this.deps.settings.get(entry.tenantId);
      if (maxSessionMinutes > 0 && now - entry.startedAt >= maxSessionMinutes * 60_000) {
        this.endInBackground(entry.session.id, 'max_length');
      } else if (idleTimeoutMinutes > 0 && now - entry.lastActivity >= idleTimeoutMinutes * 60_000) {
        this.endInBackground(entry.session.id, 'idle');
      }
    }
  }

  /** Ends a session from a timer: nobody waits for it, so a failure is logged (and retried by `end`). */
  private endInBackground(sessionId: string, reason: EndReason, actorId?: string): void {
    this.end(sessionId, reason, actorId).catch((err: unknown) =>
      this.deps.log.error({ err, sessionId, reason }, 'ending a session failed'),
    );
  }

  /** Picks up sessions that were open when the server stopped; members who do not return end them after the grace. */
  async load(): Promise<void> {
    const rows = await this.deps.db.selectFrom('sessions').selectAll().where('ended_at', 'is', null).execute();
    for (const r of rows) {
      const [helper, sharer] = await Promise.all([
        this.deps.directory.findUser(r.helper_id),
        this.deps.directory.findUser(r.sharer_id),
      ]);
      if (!helper || !sharer) continue;
      this.add(
        {
          id: r.id,
          helper: cardFor(helper),
          sharer: cardFor(sharer),
          permittedModes: JSON.parse(r.permitted_modes),
          startedAt: new Date(r.started_at).toISOString(),
          chatDisabled: (await this.deps.settings.get(r.tenant_id)).chatDisabled,
          device: r.device_id ? await this.deviceOf(r.device_id) : null,
        },
        r.tenant_id,
        {
          modesUsed: JSON.parse(r.modes_used) as (LiveMode | 'elevation')[],
          negotiation: parseNegotiation(r.negotiation),
        },
      );
    }
  }

  private async deviceOf(deviceId: string): Promise<SessionDevice | null> {
    const row = await this.deps.db.selectFrom('devices').selectAll().where('id', '=', deviceId).executeTakeFirst();
    return sessionDeviceOf(row);
  }

  /** `restored`: what a session had granted and where its negotiation stood before a restart, as recorded. */
  add(
    session: Session,
    tenantId: string,
    restored: { modesUsed: readonly (LiveMode | 'elevation')[]; negotiation: NegotiationState } = {
      modesUsed: [],
      negotiation: INITIAL_NEGOTIATION,
    },
  ): void {
    const entry: Live = {
      session,
      tenantId,
      startedAt: Date.parse(session.startedAt),
      modesUsed: new Set(restored.modesUsed),
      negotiation: restored.negotiation,
      repeats: new RepeatFilter(this.now),
      graceTimers: new Map(),
      closingTimers: new Map(),
      lastActivity: this.now(),
      lastReport: Number.NEGATIVE_INFINITY,
    };
    this.live.set(session.id, entry);
    for (const userId of [session.helper.id, session.sharer.id]) {
      if (!this.deps.presence.personOnline(userId)) this.startGrace(entry, userId);
    }
  }

  /**
   * A session now exists (a code redeemed, a remote launch accepted): it goes live and both people hear of it. The
   * helper's copy says what paired them, so a helper waiting on several codes or launches knows which one it was.
   */
  open(session: Session, tenantId: string, pairedBy: { code: string } | { launchId: string }): void {
    this.add(session, tenantId);
    this.deps.notifier.toPerson(session.helper.id, { type: 'session.paired', session, ...pairedBy });
    this.deps.notifier.toPerson(session.sharer.id, { type: 'session.paired', session });
  }

  activeFor(userId: string): Session[] {
    return [...this.live.values()]
      .filter((l) => l.session.helper.id === userId || l.session.sharer.id === userId)
      .map((l) => l.session);
  }

  private member(userId: string, sessionId: string): { entry: Live; role: Role; otherId: string } {
    const entry = this.live.get(sessionId);
    if (!entry) throw new Refusal('not_found', 'No such session, or it has ended.');
    if (entry.session.helper.id === userId) return { entry, role: 'helper', otherId: entry.session.sharer.id };
    if (entry.session.sharer.id === userId) return { entry, role: 'sharer', otherId: entry.session.helper.id };
    throw new Refusal('not_found', 'No such session, or it has ended.');
  }

  /** A member asking for something of a session that has ended (or is ending) is told so; anyone else learns nothing. */
  private async refuseIfEnded(userId: string, sessionId: string): Promise<void> {
    const live = this.live.get(sessionId);
    let ended = Boolean(live?.ending);
    if (!live) {
      const row = await this.deps.db
        .selectFrom('sessions')
        .select(['helper_id', 'sharer_id', 'ended_at'])
        .where('id', '=', sessionId)
        .executeTakeFirst();
      ended = Boolean(row && row.ended_at !== null && (row.helper_id === userId || row.sharer_id === userId));
    } else if (live.session.helper.id !== userId && live.session.sharer.id !== userId) {
      ended = false;
    }
    if (ended) throw new Refusal('session_ended', 'This session has ended.');
  }

  /**
   * Checks that the sharer of a live session may have a control grant for these modes (all within the session's
   * permitted modes) and audits the grant; `issue` signs it.
   */
  async grantControl<T extends { jti: string }>(
    userId: string,
    sessionId: string,
    request: { device: string; modes: ('control' | 'elevation')[] },
    issue: (modes: ('control' | 'elevation')[]) => Promise<T>,
  ): Promise<T> {
    await this.refuseIfEnded(userId, sessionId);
    const { entry, role, otherId } = this.member(userId, sessionId);
    if (role !== 'sharer') throw new Refusal('forbidden', 'Only the sharer’s device is given control grants.');
    const outside = request.modes.filter((m) => !entry.session.permittedModes.includes(m));
    if (outside.length || !request.modes.includes('control')) {
      throw new Refusal('forbidden', `This session does not permit ${outside.join(', ') || 'control'}.`);
    }
    const grant = await issue(request.modes);
    await this.deps.audit.append({
      type: 'agent.grant_issued',
      tenantId: entry.tenantId,
      actorId: userId,
      subjectId: otherId,
      data: { sessionId, device: request.device, modes: request.modes, grantId: grant.jti },
    });
    return grant;
  }

  /**
   * Relays a negotiation event to the other member once the rules allow it (negotiation.ts) and audits it; refuses
   * (and audits the refusal) what they do not: the wrong side, a mode the session does not permit, an answer to no
   * open request. Only a granted answer to an open request counts as a mode used.
   */
  async relayEvent(userId: string, sessionId: string, event: SessionEvent): Promise<void> {
    const { entry, role, otherId } = this.member(userId, sessionId);
    entry.lastActivity = this.now();
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
        // Modes are written as soon as first granted: reports of running sessions show them, and a restart keeps them.
        await trx
          .updateTable('sessions')
          .set({ negotiation: JSON.stringify(state), modes_used: JSON.stringify(modesUsed) })
          .where('id', '=', sessionId)
          .execute();
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

  relaySignal(userId: string, sessionId: string, peer: number, data: SignalData): void {
    const { entry, otherId } = this.member(userId, sessionId);
    entry.lastActivity = this.now();
    this.deps.notifier.toPerson(otherId, { type: 'session.signal', sessionId, peer, data });
  }

  /**
   * A member reports activity the server cannot see (chat, input, mode changes over the peer connection). Reports
   * closer together than ACTIVITY_REPORT_MIN_INTERVAL_MS are ignored.
   */
  activity(userId: string, sessionId: string): void {
    const { entry } = this.member(userId, sessionId);
    const now = this.now();
    if (now - entry.lastReport < ACTIVITY_REPORT_MIN_INTERVAL_MS) return;
    entry.lastReport = now;
    entry.lastActivity = now;
  }

  async leave(userId: string, sessionId: string): Promise<void> {
    const { role } = this.member(userId, sessionId);
    await this.end(sessionId, role === 'helper' ? 'helper_left' : 'sharer_left', userId);
  }

  /** Closing the tab counts as leaving (spec 4.8), but a reload comes back at once and resumes. */
  closing(userId: string, sessionId: string): void {
    const { entry, role } = this.member(userId, sessionId);
    clearTimeout(entry.closingTimers.get(userId));
    const timer = setTimeout(() => {
      entry.closingTimers.delete(userId);
      this.endInBackground(sessionId, role === 'helper' ? 'helper_left' : 'sharer_left', userId);
    }, this.deps.closingMs);
    timer.unref();
    entry.closingTimers.set(userId, timer);
  }

  resume(userId: string, sessionId: string): void {
    const { entry } = this.member(userId, sessionId);
    clearTimeout(entry.closingTimers.get(userId));
    entry.closingTimers.delete(userId);
  }

  /**
   * Ends the session: decides why (a later call with another reason changes nothing) and writes it. Resolves once
   * written — or, if the write failed, once a retry is queued: the session then ends when storage lets it, with the
   * time and reason decided now.
   */
  async end(sessionId: string, reason: EndReason, actorId?: string): Promise<void> {
    const entry = this.live.get(sessionId);
    if (!entry) return;
    entry.ending ??= { reason, actorId: actorId ?? null, at: this.now() };
    for (const timer of [...entry.graceTimers.values(), ...entry.closingTimers.values()]) clearTimeout(timer);
    entry.graceTimers.clear();
    entry.closingTimers.clear();
    await this.writeEnding(entry, entry.ending, 0);
  }

  private writeEnding(entry: Live, ending: Ending, attempt: number): Promise<void> {
    clearTimeout(entry.retryTimer);
    entry.retryTimer = undefined;
    entry.writing ??= this.recordEnd(entry, ending)
      .then(
        () => this.finish(entry, ending),
        (err: unknown) => {
          if (!this.live.has(entry.session.id)) return;
          const retryInMs = endRetryDelayMs(attempt);
          this.deps.log.error(
            { err, sessionId: entry.session.id, reason: ending.reason, attempt, retryInMs },
            'writing the end of a session failed; trying again',
          );
          entry.retryTimer = setTimeout(() => {
            this.writeEnding(entry, ending, attempt + 1).catch((e: unknown) =>
              this.deps.log.error({ err: e, sessionId: entry.session.id }, 'retrying the end of a session failed'),
            );
          }, retryInMs);
          entry.retryTimer.unref();
        },
      )
      .finally(() => {
        entry.writing = undefined;
      });
    return entry.writing;
  }

  private async recordEnd(entry: Live, { reason, actorId, at: endedAt }: Ending): Promise<void> {
    const sessionId = entry.session.id;
    const modesUsed = [...entry.modesUsed];
    await this.deps.audit.transaction(async (trx, record) => {
      await trx
        .updateTable('sessions')
        .set({ ended_at: endedAt, end_reason: reason, modes_used: JSON.stringify(modesUsed) })
        .where('id', '=', sessionId)
        .execute();
      await record({
        type: 'session.ended',
        tenantId: entry.tenantId,
        actorId,
        subjectId: null,
        data: {
          sessionId,
          reason,
          durationSeconds: Math.round((endedAt - entry.startedAt) / 1000),
          modesUsed,
          helperId: entry.session.helper.id,
          sharerId: entry.session.sharer.id,
        },
      });
    });
  }

  /** The ending is written: the session is gone, and both members are told. */
  private finish(entry: Live, { reason }: Ending): void {
    const sessionId = entry.session.id;
    if (this.live.get(sessionId) !== entry) return;
    this.live.delete(sessionId);
    for (const userId of [entry.session.helper.id, entry.session.sharer.id]) {
      this.deps.notifier.toPerson(userId, { type: 'session.ended', sessionId, reason });
    }
  }

  private startGrace(entry: Live, userId: string): void {
    if (entry.graceTimers.has(userId) || entry.ending) return;
    const timer = setTimeout(() => {
      entry.graceTimers.delete(userId);
      this.endInBackground(entry.session.id, 'connection_lost');
    }, this.deps.graceMs);
    timer.unref();
    entry.graceTimers.set(userId, timer);
  }

  private presence(userId: string, online: boolean): void {
    for (const entry of this.live.values()) {
      const { helper, sharer } = entry.session;
      if (helper.id !== userId && sharer.id !== userId) continue;
      const otherId = helper.id === userId ? sharer.id : helper.id;
      if (online) {
        clearTimeout(entry.graceTimers.get(userId));
        entry.graceTimers.delete(userId);
      } else {
        this.startGrace(entry, userId);
      }
      this.deps.notifier.toPerson(otherId, { type: 'session.presence', sessionId: entry.session.id, online });
    }
  }

  /** Ends every session now (server shutting down is not one; this is for tests and maintenance). */
  /** How many sessions this server holds live now. */
  liveCount(): number {
    return this.live.size;
  }

  stopTimers(): void {
    clearInterval(this.lengthSweep);
    for (const entry of this.live.values()) {
      for (const t of [...entry.graceTimers.values(), ...entry.closingTimers.values()]) clearTimeout(t);
      clearTimeout(entry.retryTimer);
    }
  }
}
