import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pong, type RedisProcess, startRedis } from './redis.ts';

let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis.stop());

it('starts a private Redis 7 that answers and keeps nothing on disk', async () => {
  expect(await pong(redis.url)).toBe(true);
  const client = new Redis(redis.url);
  try {
    const info = await client.info('server');
    const version = /redis_version:(\d+)/.exec(info)?.[1];
    expect(Number(version)).toBeGreaterThanOrEqual(7);
    expect(await client.config('GET', 'save')).toEqual(['save', '']);
    if (!process.env.TEST_REDIS_URL) expect(redis.url).not.toBe('redis://127.0.0.1:6379');
  } finally {
    client.disconnect();
  }
});

it('is gone once stopped', async () => {
  const other = await startRedis({ own: true });
  await other.stop('SIGKILL');
  expect(await pong(other.url)).toBe(false);
});
