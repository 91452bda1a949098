/**
 * A member's session message that reaches a node not running the session (their socket is on one node, the session
 * on another) is forwarded on the session's shard channel, `rh:session:<id>`, which the node running it subscribes
 * to while it does; that node runs it as if it had come from a socket of its own. The message is validated there
 * with the protocol's schema (and must be for that channel's session); refusals are logged, not answered.
 */
import { clientSocketMessageSchema } from '@remote-help/protocol/socket';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { Refusal } from '../../domain/refusal.ts';
import type { Log } from '../../logging/log.ts';
import { isSessionMessage, type SessionMessage } from '../session-messages.ts';
import { MAX_ENVELOPE_BYTES } from './cluster-notifier.ts';
import { sessionChannelOf } from './presence-keys.ts';

export interface SessionRunner {
  /** The sessions this node runs now. */
  held(): string[];
  /** Told as sessions come to be run here and stop. */
  onHeld(listener: (sessionId: string, held: boolean) => void): void;
  run(userId: string, message: SessionMessage): void | Promise<void>;
}

const forwardedSchema = z.object({
  from: z.string().min(1),
  userId: z.string().min(1),
  message: clientSocketMessageSchema,
});

export class SessionForwarding {
  private runner: SessionRunner | undefined;
  private failing = false;
  /** Forwarded messages run here, and dropped (malformed or refused). */
  readonly counts = { ran: 0, dropped: 0 };

  constructor(private readonly o: { command: Redis; subscriber: Redis; nodeId: string; log: Log }) {}

  run(runner: SessionRunner): void {
    this.runner = runner;
    runner.onHeld((sessionId, held) => this.follow(sessionId, held));
    for (const id of runner.held()) this.follow(id, true);
  }

  /** The channels to subscribe to again after a reconnection. */
  channels(): string[] {
    return (this.runner?.held() ?? []).map(sessionChannelOf);
  }

  /** Sends the message to the node running its session; resolves whether one took it. */
  async forward(userId: string, message: SessionMessage): Promise<boolean> {
    const data = JSON.stringify({ from: this.o.nodeId, userId, message });
    const receivers = await this.o.command.spublish(sessionChannelOf(message.sessionId), data);
    return Number(receivers) > 0;
  }

  receive(channel: string, raw: string): void {
    const runner = this.runner;
    let forwarded: z.infer<typeof forwardedSchema>;
    try {
      if (raw.length > MAX_ENVELOPE_BYTES) throw new Error(`${raw.length} characters, over ${MAX_ENVELOPE_BYTES}`);
      forwarded = forwardedSchema.parse(JSON.parse(raw));
    } catch (err) {
      this.counts.dropped += 1;
      this.o.log.error({ err, channel: channel.slice(0, 100) }, 'dropped a malformed session message from Redis');
      return;
    }
    const { message, userId } = forwarded;
    if (!isSessionMessage(message) || sessionChannelOf(message.sessionId) !== channel || !runner) {
      this.counts.dropped += 1;
      this.o.log.error(
        { channel: channel.slice(0, 100), type: message.type },
        'dropped a session message for another channel',
      );
      return;
    }
    const failed = (err: unknown) => {
      this.counts.dropped += 1;
      if (err instanceof Refusal)
        this.o.log.warn({ code: err.code, type: message.type }, 'a forwarded session message was refused');
      else this.o.log.error({ err, type: message.type }, 'a forwarded session message failed');
    };
    try {
      const result = runner.run(userId, message);
      this.counts.ran += 1;
      if (result) result.catch(failed);
    } catch (err) {
      failed(err);
    }
  }

  private follow(sessionId: string, held: boolean): void {
    const channel = sessionChannelOf(sessionId);
    (held ? this.o.subscriber.ssubscribe(channel) : this.o.subscriber.sunsubscribe(channel)).then(
      () => {
        this.failing = false;
      },
      (err: unknown) => {
        // Subscribed again, with every session held then, when Redis is back.
        if (!this.failing) this.o.log.error({ err }, 'following a session channel failed');
        this.failing = true;
      },
    );
  }
}
