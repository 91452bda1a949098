import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics.ts';

describe('cluster notice counts', () => {
  it('are exposed by outcome when the node is in a cluster, as counted when scraped', async () => {
    const counts = { published: 3, publishErrors: 1, delivered: 2, dropped: 0 };
    const metrics = new Metrics('n1', { socketsOpen: () => 0, liveSessions: () => 0, clusterNotices: () => counts });
    counts.published = 7;
    const text = await metrics.registry.metrics();
    expect(text).toContain('remote_help_cluster_notices_total{outcome="published",node="n1"} 7');
    expect(text).toContain('remote_help_cluster_notices_total{outcome="publish_failed",node="n1"} 1');
    expect(text).toContain('remote_help_cluster_notices_total{outcome="delivered",node="n1"} 2');
  });

  it('are absent on a node alone', async () => {
    const metrics = new Metrics('n1', { socketsOpen: () => 0, liveSessions: () => 0 });
    expect(await metrics.registry.metrics()).not.toContain('remote_help_cluster_notices_total');
  });
});
