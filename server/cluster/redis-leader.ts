/**
 * "Which node does this periodic job now": the first node to ask in a period holds a Redis key for it (SET NX with an
 * expiry), and the others skip that round. No node has to be elected or watched: if the holder dies, the key expires
 * and the next node to ask takes the next round. An unreachable Redis fails the claim (the round is skipped, never run
 * twice).
 */
import type { Redis } from 'ioredis';

export const LEADER_PREFIX = 'rh:leader:';

/** A claim on a job's round; the key lives for nine tenths of the period, so the next round can be claimed on time. */
export function redisRoundClaim(redis: Redis, job: string, nodeName: string, periodMs: number): () => Promise<boolean> {
  const holdMs = Math.max(1, Math.floor(periodMs * 0.9));
  return async () => (await redis.set(`${LEADER_PREFIX}${job}`, nodeName, 'PX', holdMs, 'NX')) === 'OK';
}
