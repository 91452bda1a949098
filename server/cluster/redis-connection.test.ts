import { afterEach, describe, expect, it } from 'vitest';
import { memoryLog } from '../../tests/support/memory-log.ts';
import { type RedisProcess, startRedis } from '../../tests/support/redis.ts';
import { connectRedis, REDIS_RETRY_MAX_MS, type RedisConnection, retryDelay } from './redis-connection.ts';

describe('retryDelay', () => {
  it('grows from tens of milliseconds to a cap, fully jittered', () => {
    expect(retryDelay(1, () => 1)).toBe(100);
    expect(retryDelay(30, () => 1)).toBe(REDIS_RETRY_MAX_MS);
    expect(retryDelay(30, () => 0)).toBe(10);
    expect(retryDelay(30, () => 0.5)).toBe(REDIS_RETRY_MAX_MS / 2);
  });
});

describe('connectRedis', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  /** Resolves at the connection's next change to `up`. */
  function states() {
    const waiting: { up: boolean; resolve: () => void }[] = [];
    return {
      onState(up: boolean) {
        for (const w of waiting.splice(0)) {
          if (w.up === up) w.resolve();
          else waiting.push(w);
        }
      },
      next: (up: boolean) => new Promise<void>((resolve) => waiting.push({ up, resolve })),
    };
  }

  it('is up when Redis answers, down while it is gone, up again when it returns, and logs one line per outage', async () => {
    let redis: RedisProcess = await startRedis({ own: true });
    const port = Number(new URL(redis.url).port);
    cleanup.push(() => redis.stop());
    const log = memoryLog();
    const s = states();
    const ready = s.next(true);
    const conn: RedisConnection = connectRedis(redis.url, { name: 'test', log, failFast: true, onState: s.onState });
    cleanup.push(() => conn.close());
    await ready;
    expect(conn.isUp()).toBe(true);
    expect(await conn.client.set('k', 'v')).toBe('OK');

    const down = s.next(false);
    await redis.stop('SIGKILL');
    await down;
    expect(conn.isUp()).toBe(false);
    // Fail fast: refused at once rather than queued until Redis is back.
    await expect(conn.client.get('k')).rejects.toThrow();
    const back = s.next(true);
    redis = await startRedis({ port });
    await back;
    expect(conn.isUp()).toBe(true);
    expect(await conn.client.get('k')).toBeNull();
    expect(conn.errors()).toBeGreaterThan(0);
    expect(log.at('error').length).toBeLessThanOrEqual(2);
    expect(log.at('warn')).toEqual(['Redis connection lost; reconnecting']);
  });

  it('keeps trying a Redis that is not there yet, without throwing, and closes cleanly', async () => {
    const log = memoryLog();
    const conn = connectRedis('redis://127.0.0.1:1', { name: 'nowhere', log, failFast: true });
    const failed = new Promise<void>((resolve) => conn.client.once('error', () => resolve()));
    await failed;
    expect(conn.isUp()).toBe(false);
    await expect(conn.client.ping()).rejects.toThrow();
    await conn.close();
    expect(log.at('error')).toEqual(['Redis connection failed']);
  });
});
