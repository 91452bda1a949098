/**
 * The HTTP rate limits' counters in Redis, so a client's allowance is one across all nodes (a client spread over three
 * nodes by the load balancer does not get three times its share). Like @fastify/rate-limit's own Redis store — one
 * counter per key and window, incremented and given its expiry in one script — except that a Redis it cannot reach
 * refuses the request with `service_unavailable` (503) instead of a bare error: fail closed, clearly.
 */
import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { unavailable } from '../domain/unavailable.ts';

export const RATE_LIMIT_PREFIX = 'rh:rate:';

// INCR, and the expiry set by whoever started the window; the answer carries the window's time left.
const INCREMENT = `
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {current, ttl}
`;

const routeSchema = z.object({
  routeInfo: z.object({ method: z.union([z.string(), z.array(z.string())]), url: z.string() }),
});

export function redisRateLimitStore(redis: Redis): FastifyRateLimitStoreCtor {
  class RedisRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _options: FastifyRateLimitOptions,
      private readonly prefix = RATE_LIMIT_PREFIX,
    ) {}

    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      redis.eval(INCREMENT, 1, this.prefix + key, String(timeWindow)).then(
        (result) => {
          const [current, ttl] = result as [number, number];
          callback(null, { current, ttl });
        },
        () => callback(unavailable()),
      );
    }

    /** A route with limits of its own counts apart from the rest (the plugin passes the route as `routeInfo`). */
    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      const route = routeSchema.safeParse(routeOptions);
      const name = route.success ? `${route.data.routeInfo.method}${route.data.routeInfo.url}` : routeOptions.url;
      return new RedisRateLimitStore({}, `${this.prefix}${name}-`);
    }
  }
  return RedisRateLimitStore;
}
