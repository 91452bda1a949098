/**
 * Sessions between pairing and leave (spec 4): a session goes live when paired (or comes back after a restart), its
 * members' messages pass through the relay (session-relay.ts), and it ends on leave, a closed page, a connection gone
 * too long, its maximum length or idle time, or roles that no longer allow it — recording end, duration, modes and
 * reason. Its parts: the registry of live sessions, the relay, the timers on one clock, the store, and — with several
 * nodes — the leases (session-leases.ts) that give each live session one owner node for its timers.
 *
 * Ending is decided once (the first reason wins) and then written; a write that fails (the database locked by another
 * process, a full disk) is logged and tried again later until it is written — a timer's work is never lost, and a
 * storage fault never ends the process.
 */
import type { EndReason, Session } from '@remote-help/protocol/domain';
import type { LiveMode, SessionEvent, SignalData } from '@remote-help/protocol/session-negotiation';
import type { Selectable } from 'kysely';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Database } from '../db/database.ts';
import type { SessionTable } from '../db/tables.ts';
import { cardFor, type Directory, modesFor } from '../directory/directory.ts';
import { type Clock, systemClock, type Timer } from '../domain/clock.ts';
import type { Notifier, Presence } from '../domain/notifier.ts';
import { Refusal } from '../domain/refusal.ts';
import type { Log } from '../logging/log.ts';
import type { SettingsStore } from '../policies/settings-store.ts';
import { INITIAL_NEGOTIATION, type NegotiationState, parseNegotiation } from './negotiation.ts';
import { RepeatFilter } from './repeat-filter.ts';
import { type GraceDeadlines, parseGraceDeadlines, SESSION_LEASE_MS, SessionLeases } from './session-leases.ts';
import { type Ending, type LiveSession, type Membership, SessionRegistry } from './session-registry.ts';
import { SessionRelay } from './session-relay.ts';
import { SessionStore } from './session-store.ts';
import { SessionTimers } from './session-timers.ts';

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
  /** The time and the timers; the system's by default. */
  clock?: Clock;
  /**
   * Cluster mode: this node owns the sessions it runs the timers of by lease (session-leases.ts), takes over those
   * of a node that died, and hands its own over when it drains. Without it every open session is this node's.
   */
  lease?: { node: string; leaseMs?: number };
}

export class LiveSessions {
  private readonly registry = new SessionRegistry();
  private readonly store: SessionStore;
  private readonly relay: SessionRelay;
  private readonly timers: SessionTimers;
  private readonly clock: Clock;
  private readonly leases: SessionLeases | undefined;
  /** The sessions whose lease this node holds. */
  private readonly owned = new Set<string>();
  /** Each live session's members' grace deadlines. */
  private readonly graceDeadlines = new Map<string, GraceDeadlines>();
  private leaseTick: Timer | undefined;
  private leasing = false;

  constructor(private readonly deps: LiveSessionsDeps) {
    this.clock = deps.clock ?? systemClock();
    this.store = new SessionStore(deps.db);
    this.relay = new SessionRelay({
      registry: this.registry,
      store: this.store,
      audit: deps.audit,
      notifier: deps.notifier,
      clock: this.clock,
    });
    // Maximum session length and idle time (spec 4.10) are checked each second against the tenant's current
    // settings, so a change applies to sessions already running.
    this.timers = new SessionTimers(this.clock, { graceMs: deps.graceMs, closingMs: deps.closingMs, sweepMs: 1000 });
    deps.presence.onPersonPresence((userId, online) => this.presence(userId, online));
    this.timers.startSweep(() => this.sweep());
    deps.directory.onChange(() => this.recheckPermissions());
    if (deps.lease) {
      const leaseMs = deps.lease.leaseMs ?? SESSION_LEASE_MS;
      this.leases = new SessionLeases(deps.db, deps.lease.node, leaseMs, () => this.clock.now());
      this.leaseTick = this.clock.every(leaseMs / 3, () => this.leaseRound());
    }
  }

  /**
   * Picks up sessions that were open when the server stopped (in cluster mode: those no other node holds); members
   * who do not return end them after the grace.
   */
  async load(): Promise<void> {
    if (this.leases) {
      for (const id of await this.leases.claimable(true)) await this.takeOver(id, true);
      return;
    }
    for (const r of await this.store.open()) await this.restore(r);
  }

  /** Claims a session for this node and, when it gets it, runs it from where its row says it stands. */
  private async takeOver(sessionId: string, mine: boolean): Promise<void> {
    if (!this.leases || this.registry.has(sessionId)) return;
    const row = await this.leases.claim(sessionId, mine);
    if (!row || this.registry.has(sessionId)) return;
    this.owned.add(sessionId);
    await this.restore(row);
  }

  private async restore(r: Selectable<SessionTable>): Promise<void> {
    const [helper, sharer] = await Promise.all([
      this.deps.directory.findUser(r.helper_id),
      this.deps.directory.findUser(r.sharer_id),
    ]);
    if (!helper || !sharer) return;
    this.add(
      {
        id: r.id,
        helper: cardFor(helper),
        sharer: cardFor(sharer),
        permittedModes: JSON.parse(r.permitted_modes),
        startedAt: new Date(r.started_at).toISOString(),
        chatDisabled: (await this.deps.settings.get(r.tenant_id)).chatDisabled,
        device: r.device_id ? await this.store.device(r.device_id) : null,
      },
      r.tenant_id,
      {
        modesUsed: JSON.parse(r.modes_used) as (LiveMode | 'elevation')[],
        negotiation: parseNegotiation(r.negotiation),
        graceDeadlines: parseGraceDeadlines(r.grace_deadlines),
      },
    );
  }

  /**
   * Renews this node's leases, lets go of sessions another node took over (or ended), and takes over sessions whose
   * owner stopped renewing. One round at a time; a storage fault is logged and the next round tries again.
   */
  private leaseRound(): void {
    const leases = this.leases;
    if (!leases || this.leasing) return;
    this.leasing = true;
    (async () => {
      const held = this.registry
        .all()
        .map((e) => e.session.id)
        .filter((id) => this.owned.has(id));
      const kept = await leases.renew(held);
      for (const id of held) if (!kept.has(id)) this.letGo(id);
      for (const id of await leases.claimable(false)) await this.takeOver(id, false);
    })()
      .catch((err: unknown) => this.deps.log.error({ err }, 'renewing and taking over session leases failed'))
      .finally(() => {
        this.leasing = false;
      });
  }

  /** Another node holds the session now (or it ended there): its timers stop here, and nobody is told anything. */
  private letGo(sessionId: string): void {
    const entry = this.registry.get(sessionId);
    this.owned.delete(sessionId);
    this.graceDeadlines.delete(sessionId);
    this.timers.stopMembers(sessionId);
    this.timers.stopRetry(sessionId);
    if (entry) this.registry.remove(entry);
  }

  /**
   * The node is draining: its sessions' leases expire now, so the other nodes take them over at their next round,
   * with the deadlines stored; this node runs none of their timers any more.
   */
  async handOver(): Promise<void> {
    if (!this.leases) return;
    this.leaseTick?.cancel();
    this.leaseTick = undefined;
    const ids = [...this.owned];
    for (const id of ids) this.letGo(id);
    await this.leases.release(ids);
  }

  /** `restored`: what a session had granted and where its negotiation stood before a restart, as recorded. */
  add(
    session: Session,
    tenantId: string,
    restored: {
      modesUsed: readonly (LiveMode | 'elevation')[];
      negotiation: NegotiationState;
      graceDeadlines?: GraceDeadlines;
    } = {
      modesUsed: [],
      negotiation: INITIAL_NEGOTIATION,
    },
  ): void {
    const entry: LiveSession = {
      session,
      tenantId,
      startedAt: Date.parse(session.startedAt),
      modesUsed: new Set(restored.modesUsed),
      negotiation: restored.negotiation,
      repeats: new RepeatFilter(() => this.clock.now()),
      lastActivity: this.clock.now(),
      lastReport: Number.NEGATIVE_INFINITY,
    };
    this.registry.add(entry);
    this.graceDeadlines.set(session.id, { ...restored.graceDeadlines });
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
    if (this.leases) {
      // The opener claims it first; should another node have been quicker, that node runs it.
      this.leases
        .claim(session.id, true)
        .then((row) => {
          if (!row) return this.letGo(session.id);
          this.owned.add(session.id);
          // Deadlines set before the claim (members away from the start) are stored now.
          this.saveGrace(session.id);
        })
        .catch((err: unknown) => this.deps.log.error({ err, sessionId: session.id }, 'claiming a session failed'));
    }
    this.deps.notifier.toPerson(session.helper.id, { type: 'session.paired', session, ...pairedBy });
    this.deps.notifier.toPerson(session.sharer.id, { type: 'session.paired', session });
  }

  activeFor(userId: string): Session[] {
    return this.registry.of(userId).map((l) => l.session);
  }

  /** How many sessions this server holds live now. */
  liveCount(): number {
    return this.registry.size;
  }

  /**
   * The person's membership of a live session. A member asking of a session that has ended (or is ending) is told
   * so; anyone else learns nothing.
   */
  async membership(userId: string, sessionId: string): Promise<Membership> {
    const live = this.registry.get(sessionId);
    const member = live && (live.session.helper.id === userId || live.session.sharer.id === userId);
    const ended = live ? Boolean(member && live.ending) : await this.store.endedFor(userId, sessionId);
    if (ended) throw new Refusal('session_ended', 'This session has ended.');
    return this.registry.member(userId, sessionId);
  }

  /** Whether this node runs the session (in a cluster, another node may: its members' messages are sent there). */
  holds(sessionId: string): boolean {
    return this.registry.has(sessionId);
  }

  heldIds(): string[] {
    return this.registry.all().map((e) => e.session.id);
  }

  /** Told when a session comes to be run here and when it no longer is. */
  onHeld(listener: (sessionId: string, held: boolean) => void): void {
    this.registry.onHeld(listener);
  }

  relayEvent(userId: string, sessionId: string, event: SessionEvent): Promise<void> {
    return this.relay.event(userId, sessionId, event);
  }

  relaySignal(userId: string, sessionId: string, peer: number, data: SignalData): void {
    this.relay.signal(userId, sessionId, peer, data);
  }

  activity(userId: string, sessionId: string): void {
    this.relay.activity(userId, sessionId);
  }

  async leave(userId: string, sessionId: string): Promise<void> {
    const { role } = this.registry.member(userId, sessionId);
    await this.end(sessionId, role === 'helper' ? 'helper_left' : 'sharer_left', userId);
  }

  /** Closing the tab counts as leaving (spec 4.8), but a reload comes back at once and resumes. */
  closing(userId: string, sessionId: string): void {
    const { role } = this.registry.member(userId, sessionId);
    this.timers.startClosing(sessionId, userId, () =>
      this.endInBackground(sessionId, role === 'helper' ? 'helper_left' : 'sharer_left', userId),
    );
  }

  resume(userId: string, sessionId: string): void {
    this.registry.member(userId, sessionId);
    this.timers.stopClosing(sessionId, userId);
  }

  /**
   * Ends the session: decides why (a later call with another reason changes nothing) and writes it. Resolves once
   * written — or, if the write failed, once a retry is queued: the session then ends when storage lets it, with the
   * time and reason decided now.
   */
  async end(sessionId: string, reason: EndReason, actorId?: string): Promise<void> {
    const entry = this.registry.get(sessionId);
    if (!entry) return;
    entry.ending ??= { reason, actorId: actorId ?? null, at: this.clock.now() };
    this.timers.stopMembers(sessionId);
    await this.writeEnding(entry, entry.ending, 0);
  }

  /** Ends a session from a timer: nobody waits for it, so a failure is logged (and retried by `end`). */
  private endInBackground(sessionId: string, reason: EndReason, actorId?: string): void {
    this.end(sessionId, reason, actorId).catch((err: unknown) =>
      this.deps.log.error({ err, sessionId, reason }, 'ending a session failed'),
    );
  }

  private writeEnding(entry: LiveSession, ending: Ending, attempt: number): Promise<void> {
    const sessionId = entry.session.id;
    this.timers.stopRetry(sessionId);
    entry.writing ??= this.recordEnd(entry, ending)
      .then(
        (endedHere) => this.finish(entry, ending, endedHere),
        (err: unknown) => {
          if (!this.registry.has(sessionId)) return;
          const retryInMs = this.timers.retryEnding(sessionId, attempt, () => {
            this.writeEnding(entry, ending, attempt + 1).catch((e: unknown) =>
              this.deps.log.error({ err: e, sessionId }, 'retrying the end of a session failed'),
            );
          });
          this.deps.log.error(
            { err, sessionId, reason: ending.reason, attempt, retryInMs },
            'writing the end of a session failed; trying again',
          );
        },
      )
      .finally(() => {
        entry.writing = undefined;
      });
    return entry.writing;
  }

  /** Whether this write ended the session: false when another node (or an earlier write) had ended it already. */
  private recordEnd(entry: LiveSession, { reason, actorId, at }: Ending): Promise<boolean> {
    const sessionId = entry.session.id;
    const modesUsed = [...entry.modesUsed];
    return this.deps.audit.transaction(async (trx, record) => {
      if (!(await this.store.saveEnd(trx, sessionId, { at, reason, modesUsed }))) return false;
      await record({
        type: 'session.ended',
        tenantId: entry.tenantId,
        actorId,
        subjectId: null,
        data: {
          sessionId,
          reason,
          durationSeconds: Math.round((at - entry.startedAt) / 1000),
          modesUsed,
          helperId: entry.session.helper.id,
          sharerId: entry.session.sharer.id,
        },
      });
      return true;
    });
  }

  /**
   * The ending is written: the session is gone here, and both members are told — by the writer that ended it only,
   * so racing ends (both people, a timer and a person, two nodes) tell them once.
   */
  private finish(entry: LiveSession, { reason }: Ending, endedHere: boolean): void {
    if (!this.registry.remove(entry)) return;
    this.owned.delete(entry.session.id);
    this.graceDeadlines.delete(entry.session.id);
    if (!endedHere) return;
    const sessionId = entry.session.id;
    for (const userId of [entry.session.helper.id, entry.session.sharer.id]) {
      this.deps.notifier.toPerson(userId, { type: 'session.ended', sessionId, reason });
    }
  }

  /**
   * A member is gone: the session ends at their grace deadline unless they come back. The deadline is a time, kept
   * with the session (in cluster mode, in its row too), so a node taking the session over keeps it.
   */
  private startGrace(entry: LiveSession, userId: string): void {
    const sessionId = entry.session.id;
    if (entry.ending || this.timers.inGrace(sessionId, userId)) return;
    const now = this.clock.now();
    const deadlines = this.graceDeadlines.get(sessionId) ?? {};
    const deadline = deadlines[userId] ?? now + this.deps.graceMs;
    this.graceDeadlines.set(sessionId, { ...deadlines, [userId]: deadline });
    this.saveGrace(sessionId);
    this.timers.startGrace(sessionId, userId, () => this.endInBackground(sessionId, 'connection_lost'), deadline - now);
  }

  private stopGrace(sessionId: string, userId: string): void {
    this.timers.stopGrace(sessionId, userId);
    const deadlines = this.graceDeadlines.get(sessionId);
    if (deadlines?.[userId] === undefined) return;
    const { [userId]: _back, ...others } = deadlines;
    this.graceDeadlines.set(sessionId, others);
    this.saveGrace(sessionId);
  }

  private saveGrace(sessionId: string): void {
    if (!this.leases || !this.owned.has(sessionId)) return;
    this.leases
      .saveGrace(sessionId, this.graceDeadlines.get(sessionId) ?? {})
      .catch((err: unknown) => this.deps.log.error({ err, sessionId }, 'storing grace deadlines failed'));
  }

  private presence(userId: string, online: boolean): void {
    for (const entry of this.registry.of(userId)) {
      const { helper, sharer } = entry.session;
      const otherId = helper.id === userId ? sharer.id : helper.id;
      if (online) this.stopGrace(entry.session.id, userId);
      else this.startGrace(entry, userId);
      this.deps.notifier.toPerson(otherId, { type: 'session.presence', sessionId: entry.session.id, online });
    }
  }

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
    const now = this.clock.now();
    for (const entry of this.registry.all()) {
      if (entry.ending) continue;
      const { maxSessionMinutes, idleTimeoutMinutes } = await this.deps.settings.get(entry.tenantId);
      if (maxSessionMinutes > 0 && now - entry.startedAt >= maxSessionMinutes * 60_000) {
        this.endInBackground(entry.session.id, 'max_length');
      } else if (idleTimeoutMinutes > 0 && now - entry.lastActivity >= idleTimeoutMinutes * 60_000) {
        this.endInBackground(entry.session.id, 'idle');
      }
    }
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
    for (const entry of this.registry.all()) {
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

  /** Stops every timer (the server is closing; also for tests). Live sessions stay open in the database. */
  stopTimers(): void {
    this.leaseTick?.cancel();
    this.leaseTick = undefined;
    this.timers.stopAll();
  }
}
