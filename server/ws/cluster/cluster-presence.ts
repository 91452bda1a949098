/**
 * Presence across the cluster (domain/notifier.ts's Presence): a person or device is online while any node holds a
 * socket of theirs. Each node writes its own share to Redis when it changes here (presence-keys.ts: one script, so
 * "first anywhere" and "last anywhere" are decided atomically and told once on the `rh:presence` channel) and keeps a
 * mirror of who is online anywhere, from a snapshot and then from that channel — so asking is synchronous, and every
 * node's listeners hear each transition once. A node's heartbeat keeps its share alive; a node that stops beating
 * (killed) loses it when its heartbeat runs out, reaped by whichever node beats next.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Presence } from '../../domain/notifier.ts';
import type { Log } from '../../logging/log.ts';
import type { Connections } from '../connections.ts';
import {
  HEARTBEAT,
  type MemberKind,
  memberOf,
  NODE_GONE,
  PREFIX,
  presenceKeyPattern,
  SET_MEMBER,
} from './presence-keys.ts';

export const presenceEventSchema = z.object({
  online: z.boolean(),
  member: z.string().regex(/^[pd]:./s),
  seq: z.number().int().nonnegative(),
});
type PresenceEvent = z.infer<typeof presenceEventSchema>;

export interface ClusterPresenceOptions {
  local: Connections;
  /** The command connection (fail-fast). */
  redis: Redis;
  nodeId: string;
  /** How often this node beats, and how long after its last beat it counts as dead. */
  heartbeatMs: number;
  ttlMs: number;
  log: Log;
}

export class ClusterPresence implements Presence {
  /** Members online anywhere, with the transition that brought them online. */
  private view = new Map<string, number>();
  /** While a snapshot is read: the latest news of each member since it began. */
  private pending: Map<string, PresenceEvent> | undefined;
  private readonly listeners: ((userId: string, online: boolean) => void)[] = [];
  private registered = false;
  private errorCount = 0;
  private writeFailing = false;

  constructor(private readonly o: ClusterPresenceOptions) {}

  personOnline(userId: string): boolean {
    return this.view.has(memberOf('p', userId)) || this.o.local.people.isOnline(userId);
  }

  deviceOnline(deviceId: string): boolean {
    return this.view.has(memberOf('d', deviceId)) || this.o.local.devices.isOnline(deviceId);
  }

  onPersonPresence(listener: (userId: string, online: boolean) => void): void {
    this.listeners.push(listener);
  }

  /** Failed writes of this node's share to Redis. */
  errors(): number {
    return this.errorCount;
  }

  /** This node's first or last socket of a member opened or closed. */
  localChanged(kind: MemberKind, id: string, online: boolean): void {
    this.o.redis.eval(SET_MEMBER, 0, this.o.nodeId, memberOf(kind, id), online ? 1 : 0).catch((err: unknown) => {
      // Not lost: the whole share is written again when Redis is back (register). One line per outage.
      this.errorCount += 1;
      if (!this.writeFailing) this.o.log.error({ err, errors: this.errorCount }, 'writing presence to Redis failed');
      this.writeFailing = true;
    });
  }

  /** News from the presence channel; malformed news is logged and dropped. */
  receive(raw: string): void {
    let event: PresenceEvent;
    try {
      event = presenceEventSchema.parse(JSON.parse(raw));
    } catch (err) {
      this.o.log.error({ err, raw: raw.slice(0, 200) }, 'dropped a malformed presence message from Redis');
      return;
    }
    if (this.pending) {
      this.pending.set(event.member, event);
      return;
    }
    const was = this.view.has(event.member);
    if (event.online) this.view.set(event.member, event.seq);
    else this.view.delete(event.member);
    if (was !== event.online) this.tell(event.member, event.online);
  }

  /** Beats, and reaps the nodes that stopped; writes this node's whole share again if it had been reaped. */
  async heartbeat(): Promise<void> {
    const [fresh] = (await this.o.redis.eval(HEARTBEAT, 0, this.o.nodeId, this.o.ttlMs)) as [number, number];
    if (fresh === 1 && this.registered) {
      this.o.log.warn({ node: this.o.nodeId }, 'this node had been counted dead; writing its presence again');
      await this.register();
    }
  }

  /** Writes every member this node holds (after a reconnection, or after being reaped). */
  async register(): Promise<void> {
    const batch = this.o.redis.pipeline();
    for (const id of this.o.local.people.owners()) batch.eval(SET_MEMBER, 0, this.o.nodeId, memberOf('p', id), 1);
    for (const id of this.o.local.devices.owners()) batch.eval(SET_MEMBER, 0, this.o.nodeId, memberOf('d', id), 1);
    const results = (await batch.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed?.[0]) throw failed[0];
    this.registered = true;
    this.writeFailing = false;
  }

  /**
   * Reads who is online anywhere, the presence channel already subscribed: news that arrives meanwhile wins over the
   * snapshot when it is newer (a higher transition number). Listeners hear the differences from the view before.
   */
  async snapshot(): Promise<void> {
    const pending = new Map<string, PresenceEvent>();
    this.pending = pending;
    let read: Map<string, number>;
    try {
      read = await this.readOnline();
    } catch (err) {
      // The news kept meanwhile is applied, so the view is no staler than before.
      this.pending = undefined;
      for (const e of pending.values()) if (this.view.has(e.member) !== e.online) this.apply(e);
      throw err;
    }
    this.pending = undefined;
    for (const [member, event] of pending) {
      if (event.seq <= (read.get(member) ?? -1)) continue;
      if (event.online) read.set(member, event.seq);
      else read.delete(member);
    }
    const before = this.view;
    this.view = read;
    for (const member of before.keys()) if (!read.has(member)) this.tell(member, false);
    for (const member of read.keys()) if (!before.has(member)) this.tell(member, true);
  }

  /** Every member online anywhere, with the transition that brought them online. */
  private async readOnline(): Promise<Map<string, number>> {
    const read = new Map<string, number>();
    let cursor = '0';
    do {
      const [next, keys] = await this.o.redis.scan(cursor, 'MATCH', presenceKeyPattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length === 0) continue;
      const seqs = await Promise.all(keys.map((k) => this.o.redis.hget(k, '~seq')));
      keys.forEach((key, i) => {
        const seq = Number(seqs[i]);
        if (seqs[i] !== null && Number.isInteger(seq)) read.set(key.slice(`${PREFIX}presence:`.length), seq);
      });
    } while (cursor !== '0');
    return read;
  }

  /** Leaving on purpose (shutdown): this node's members go at once, not when its heartbeat runs out. */
  async leave(): Promise<void> {
    await this.o.redis.eval(NODE_GONE, 0, this.o.nodeId);
  }

  private apply(e: PresenceEvent): void {
    if (e.online) this.view.set(e.member, e.seq);
    else this.view.delete(e.member);
    this.tell(e.member, e.online);
  }

  private tell(member: string, online: boolean): void {
    if (!member.startsWith('p:')) return;
    const userId = member.slice(2);
    for (const listener of this.listeners) {
      try {
        listener(userId, online);
      } catch (err) {
        this.o.log.error({ err }, 'a presence listener failed');
      }
    }
  }
}
