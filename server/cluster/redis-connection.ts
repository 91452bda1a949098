/**
 * One way to open a connection to Redis (REDIS_URL), for every part of cluster mode: reconnecting for ever with a
 * capped, jittered back-off, its errors logged (once per outage, counted always) and never thrown at the process, and
 * its ups and downs told to whoever watches (readiness). A command issued while disconnected fails at once when
 * `failFast` — a signal delivered seconds late is worse than one reported lost.
 */
import { Redis } from 'ioredis';
import type { Log } from '../logging/log.ts';

/** The longest wait between reconnection attempts. */
export const REDIS_RETRY_MAX_MS = 2000;

export interface RedisConnectionOptions {
  /** What this connection is for, in its log lines and as its CLIENT SETNAME. */
  name: string;
  log: Log;
  /** Fail commands while disconnected instead of queueing them until the connection is back. */
  failFast?: boolean;
  /** Told when the connection becomes usable (true) and when it is lost (false). */
  onState?: (up: boolean) => void;
}

export interface RedisConnection {
  client: Redis;
  /** Connection errors and losses seen since it was opened. */
  errors(): number;
  isUp(): boolean;
  close(): Promise<void>;
}

/** Full jitter under an exponential cap: 50 ms, 100 ms, … up to REDIS_RETRY_MAX_MS. */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  const cap = Math.min(REDIS_RETRY_MAX_MS, 50 * 2 ** Math.min(attempt, 10));
  return Math.max(10, Math.round(random() * cap));
}

export function connectRedis(url: string, options: RedisConnectionOptions): RedisConnection {
  const { name, log } = options;
  let errors = 0;
  let up = false;
  let closing = false;
  const client = new Redis(url, {
    connectionName: name.replace(/\s+/g, '-'),
    retryStrategy: (attempt) => (closing ? null : retryDelay(attempt)),
    // A queued command waits for the connection; a fail-fast one is refused while it is down.
    enableOfflineQueue: !options.failFast,
    maxRetriesPerRequest: options.failFast ? 0 : 20,
    // The owner decides what to subscribe again after a reconnection (it may have changed while Redis was away).
    autoResubscribe: false,
  });
  const setState = (next: boolean) => {
    if (next === up) return;
    up = next;
    if (next) log.info({ redis: name }, 'Redis connection ready');
    options.onState?.(next);
  };
  client.on('ready', () => setState(true));
  client.on('error', (err: Error) => {
    errors += 1;
    // Every reconnection attempt fails the same way while Redis is away: one line per outage, not one per attempt.
    if (up || errors === 1) log.error({ err, redis: name }, 'Redis connection failed');
    setState(false);
  });
  client.on('close', () => {
    if (!closing && up) {
      errors += 1;
      log.warn({ redis: name }, 'Redis connection lost; reconnecting');
    }
    setState(false);
  });
  return {
    client,
    errors: () => errors,
    isUp: () => up,
    async close() {
      closing = true;
      // A connection that is not ready has nothing to tell Redis, and QUIT would wait for it to come back.
      if (client.status !== 'ready') return client.disconnect();
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
    },
  };
}
