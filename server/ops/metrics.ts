/**
 * The node's Prometheus metrics (prom-client), in a registry of its own so several servers in one process (tests)
 * never share counters. Every series carries the node's name, so a cluster's nodes can be told apart.
 */
import type { ErrorCode } from '@remote-help/protocol/errors';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricsSources {
  /** WebSockets open now. */
  socketsOpen(): number;
  /** Live sessions this node holds now. */
  liveSessions(): number;
  /** In a cluster: notices published to Redis, failed to publish, delivered here from other nodes, dropped as malformed. */
  clusterNotices?(): { published: number; publishErrors: number; delivered: number; dropped: number };
}

export class Metrics {
  readonly registry = new Registry();
  private readonly pairings: Counter;
  private readonly refusals: Counter<'code'>;
  private readonly relayLatency: Histogram;

  constructor(nodeName: string, sources: MetricsSources) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ node: nodeName });
    // Process and runtime metrics, event-loop lag (nodejs_eventloop_lag_seconds and its percentiles) among them.
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'remote_help_sockets_open',
      help: 'WebSockets open on this node.',
      registers,
      collect() {
        this.set(sources.socketsOpen());
      },
    });
    new Gauge({
      name: 'remote_help_live_sessions',
      help: 'Live sessions held by this node.',
      registers,
      collect() {
        this.set(sources.liveSessions());
      },
    });
    const clusterNotices = sources.clusterNotices;
    if (clusterNotices) {
      new Counter({
        name: 'remote_help_cluster_notices_total',
        help: 'Notices through Redis: published, publish_failed (reached this node only), delivered here, dropped (malformed).',
        labelNames: ['outcome'],
        registers,
        collect() {
          // Counted where they happen (the cluster notifier); copied here when scraped.
          const c = clusterNotices();
          this.reset();
          this.inc({ outcome: 'published' }, c.published);
          this.inc({ outcome: 'publish_failed' }, c.publishErrors);
          this.inc({ outcome: 'delivered' }, c.delivered);
          this.inc({ outcome: 'dropped' }, c.dropped);
        },
      });
    }
    this.pairings = new Counter({
      name: 'remote_help_pairings_total',
      help: 'Sessions paired with a security code.',
      registers,
    });
    this.refusals = new Counter({
      name: 'remote_help_refusals_total',
      help: 'Requests and socket messages refused, by error code.',
      labelNames: ['code'],
      registers,
    });
    this.relayLatency = new Histogram({
      name: 'remote_help_signal_relay_seconds',
      help: 'Time from receiving a peer-connection signal to handing it to the other peer.',
      // Relaying is in-process today: microseconds to a few milliseconds; the upper buckets catch a stalled loop.
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
      registers,
    });
  }

  paired(): void {
    this.pairings.inc();
  }

  refused(code: ErrorCode): void {
    this.refusals.inc({ code });
  }

  signalRelayed(seconds: number): void {
    this.relayLatency.observe(seconds);
  }
}
