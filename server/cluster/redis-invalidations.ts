/**
 * Invalidations between a cluster's nodes over Redis pub/sub (one channel; changes are rare). Each node listens on a
 * connection of its own; when it is lost the node stops trusting its caches, and when it is back (subscribed again)
 * it forgets everything it cached, since any change made meanwhile went unheard. Messages are validated; a node
 * ignores its own.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Invalidation, Invalidations } from '../domain/invalidations.ts';
import type { Log } from '../logging/log.ts';
import { connectRedis, type RedisConnection } from './redis-connection.ts';

export const INVALIDATION_CHANNEL = 'rh:invalidate';

const messageSchema = z.object({
  from: z.string().max(100),
  change: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('directory') }),
    z.object({ kind: z.literal('settings'), tenantId: z.string().min(1).max(200) }),
    z.object({ kind: z.literal('all') }),
  ]),
});

export interface RedisInvalidations extends Invalidations {
  close(): Promise<void>;
}

export interface RedisInvalidationsOptions {
  url: string;
  /** The node's command connection, for publishing. */
  publisher: Redis;
  log: Log;
  /** Told when listening starts (true) and stops (false), for readiness. */
  onState?: (listening: boolean) => void;
}

export function redisInvalidations(options: RedisInvalidationsOptions): RedisInvalidations {
  const { publisher, log } = options;
  const self = randomUUID();
  const handlers = new Set<(change: Invalidation) => void>();
  let listening = false;
  const tell = (change: Invalidation) => {
    for (const handler of handlers) handler(change);
  };
  const setListening = (next: boolean) => {
    if (next === listening) return;
    listening = next;
    options.onState?.(next);
  };
  const subscriber: RedisConnection = connectRedis(options.url, {
    name: 'invalidations',
    log,
    onState: (up) => {
      if (!up) return setListening(false);
      subscriber.client.subscribe(INVALIDATION_CHANNEL).then(
        () => {
          // Whatever changed while this node was not listening went unheard: forget it all, then trust caches again.
          tell({ kind: 'all' });
          setListening(true);
        },
        (err: unknown) => log.error({ err }, 'subscribing to invalidations failed'),
      );
    },
  });
  subscriber.client.on('message', (channel: string, text: string) => {
    if (channel !== INVALIDATION_CHANNEL) return;
    let parsed: z.infer<typeof messageSchema>;
    try {
      parsed = messageSchema.parse(JSON.parse(text));
    } catch (err) {
      log.warn({ err }, 'an invalidation message did not parse; forgetting every cached answer');
      return tell({ kind: 'all' });
    }
    if (parsed.from !== self) tell(parsed.change);
  });

  return {
    async publish(change) {
      try {
        await publisher.publish(INVALIDATION_CHANNEL, JSON.stringify({ from: self, change }));
      } catch (err) {
        // The change is written; nodes that miss it because Redis is away forget everything when they hear it again.
        log.error({ err }, 'publishing an invalidation failed');
      }
    },
    onInvalidation: (handler) => {
      handlers.add(handler);
    },
    listening: () => listening,
    close: () => subscriber.close(),
  };
}
