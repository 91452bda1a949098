/**
 * Notices across the cluster (domain/notifier.ts's Notifier): written at once to this node's sockets of the person or
 * device, and published on their shard channel (`rh:to:p:<id>`, `rh:to:d:<id>`, SPUBLISH) for the nodes that hold
 * their other sockets. What arrives from Redis is validated with the protocol's schema before any socket sees it.
 */
import { MAX_SOCKET_MESSAGE_BYTES, serverSocketMessageSchema } from '@remote-help/protocol/socket';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Notice, Notifier } from '../../domain/notifier.ts';
import type { Log } from '../../logging/log.ts';
import type { Connections } from '../connections.ts';
import { channelOf, type MemberKind, memberOfChannel } from './presence-keys.ts';

/** What a node publishes: who sent it (so the sender skips its own) and the notice. */
export const envelopeSchema = z.object({
  from: z.string().min(1),
  notice: serverSocketMessageSchema.refine(
    (m) => m.type !== 'auth.ok' && m.type !== 'pong' && m.type !== 'error',
    'a connection frame, not a notice',
  ),
});

/** Larger than any notice (a relayed frame is at most MAX_SOCKET_MESSAGE_BYTES); anything bigger is not read. */
export const MAX_ENVELOPE_BYTES = 2 * MAX_SOCKET_MESSAGE_BYTES;

export interface DeliveryStats {
  published: number;
  /** Publications Redis did not take (down, or refused): those notices reached this node's sockets only. */
  publishErrors: number;
  /** Notices from other nodes written to sockets here. */
  delivered: number;
  /** Malformed messages from Redis, logged and dropped. */
  dropped: number;
}

export class ClusterNotifier implements Notifier {
  private readonly stats: DeliveryStats = { published: 0, publishErrors: 0, delivered: 0, dropped: 0 };
  private failing = false;

  constructor(
    private readonly o: {
      local: Connections;
      /** The command connection (fail-fast). */
      redis: Redis;
      nodeId: string;
      log: Log;
    },
  ) {}

  toPerson(userId: string, notice: Notice): void {
    this.o.local.people.send(userId, notice);
    this.publish('p', userId, notice);
  }

  toDevice(deviceId: string, notice: Notice): void {
    this.o.local.devices.send(deviceId, notice);
    this.publish('d', deviceId, notice);
  }

  counts(): Readonly<DeliveryStats> {
    return { ...this.stats };
  }

  /** A message on a delivery channel: to this node's sockets of its person or device, once validated. */
  receive(channel: string, raw: string): void {
    const to = memberOfChannel(channel);
    let envelope: z.infer<typeof envelopeSchema>;
    try {
      if (!to) throw new Error(`not a delivery channel: ${channel.slice(0, 100)}`);
      if (raw.length > MAX_ENVELOPE_BYTES) throw new Error(`${raw.length} characters, over ${MAX_ENVELOPE_BYTES}`);
      envelope = envelopeSchema.parse(JSON.parse(raw));
    } catch (err) {
      this.stats.dropped += 1;
      this.o.log.error(
        { err, channel: channel.slice(0, 100), raw: raw.slice(0, 200) },
        'dropped a malformed notice from Redis',
      );
      return;
    }
    if (!to || envelope.from === this.o.nodeId) return;
    const hub = to.kind === 'p' ? this.o.local.people : this.o.local.devices;
    this.stats.delivered += hub.send(to.id, envelope.notice) > 0 ? 1 : 0;
  }

  private publish(kind: MemberKind, id: string, notice: Notice): void {
    const data = JSON.stringify({ from: this.o.nodeId, notice });
    this.o.redis.spublish(channelOf(kind, id), data).then(
      () => {
        this.stats.published += 1;
        if (this.failing) {
          this.failing = false;
          this.o.log.info({ publishErrors: this.stats.publishErrors }, 'cross-node delivery works again');
        }
      },
      (err: unknown) => {
        this.stats.publishErrors += 1;
        // One line per outage; the count says how many notices reached this node's sockets only.
        if (!this.failing) this.o.log.error({ err, type: notice.type }, 'publishing a notice to Redis failed');
        this.failing = true;
      },
    );
  }
}
