/**
 * What a node shares with the rest of its cluster beyond the database, when REDIS_URL is set: invalidations of cached
 * administration (directory, settings), the HTTP rate limits' counters, and the claim on each retention round. One
 * process alone gets the in-process versions of the same seams. Readiness is off while Redis cannot be reached.
 */
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { RETENTION_INTERVAL_MS } from '../audit/retention.ts';
import type { ServerConfig } from '../config.ts';
import type { Directory } from '../directory/directory.ts';
import { type Invalidations, singleProcess } from '../domain/invalidations.ts';
import type { Log } from '../logging/log.ts';
import type { Readiness } from '../ops/readiness.ts';
import type { SettingsStore } from '../policies/settings-store.ts';
import { connectRedis } from './redis-connection.ts';
import { redisInvalidations } from './redis-invalidations.ts';
import { redisRoundClaim } from './redis-leader.ts';
import { redisRateLimitStore } from './redis-rate-limit-store.ts';

export interface SharedState {
  invalidations: Invalidations;
  /** The rate limits' store; none: each node counts in its own memory. */
  rateLimitStore?: FastifyRateLimitStoreCtor;
  /** Whether this node runs the current retention round; none: always. */
  retentionClaim?: () => Promise<boolean>;
  close(): Promise<void>;
}

export function openSharedState(config: ServerConfig, log: Log, readiness: Readiness): SharedState {
  if (config.redisUrl === undefined) return { invalidations: singleProcess, close: async () => {} };
  const reportRedis = (up: boolean) => readiness.report('shared-state', up ? undefined : 'Redis cannot be reached');
  const reportListening = (listening: boolean) =>
    readiness.report('invalidations', listening ? undefined : "not hearing the other nodes' changes (Redis)");
  reportRedis(false);
  reportListening(false);
  // Fail fast: a decision waiting for Redis to come back is worse than one refused at once.
  const commands = connectRedis(config.redisUrl, { name: 'shared state', log, failFast: true, onState: reportRedis });
  const invalidations = redisInvalidations({
    url: config.redisUrl,
    publisher: commands.client,
    log,
    onState: reportListening,
  });
  return {
    invalidations,
    rateLimitStore: redisRateLimitStore(commands.client),
    retentionClaim: redisRoundClaim(commands.client, 'retention', config.nodeName, RETENTION_INTERVAL_MS),
    async close() {
      await invalidations.close();
      await commands.close();
    },
  };
}

/** Another node's change makes this one forget what it cached. */
export function forgetOnInvalidation(
  invalidations: Invalidations,
  directory: Pick<Directory, 'changed'>,
  settings: Pick<SettingsStore, 'forget'>,
): void {
  invalidations.onInvalidation((change) => {
    if (change.kind !== 'settings') directory.changed();
    if (change.kind === 'settings') settings.forget(change.tenantId);
    else if (change.kind === 'all') settings.forget();
  });
}
