/**
 * Cluster mode's notifier and presence (REDIS_URL set), composed over this node's own sockets (ws/connections.ts):
 * two Redis connections — commands, and a subscriber for the shard channels of every person and device with a socket
 * here and for presence news. Whenever both are (back) up, the node subscribes again, beats, writes its share of
 * presence and reads who is online: whatever changed while Redis was away is made good. Readiness is off while either
 * connection is down or that catching up has not finished; delivery to this node's own sockets never stops.
 */
import { randomUUID } from 'node:crypto';
import { connectRedis } from '../../cluster/redis-connection.ts';
import type { Log } from '../../logging/log.ts';
import type { Readiness } from '../../ops/readiness.ts';
import type { Connections } from '../connections.ts';
import { ClusterNotifier } from './cluster-notifier.ts';
import { ClusterPresence } from './cluster-presence.ts';
import { channelOf, type MemberKind, PRESENCE_CHANNEL, SESSION_CHANNEL_PREFIX } from './presence-keys.ts';
import { SessionForwarding, type SessionRunner } from './session-forwarding.ts';

export const READINESS_PART = 'redis delivery';
/** How often a node beats, and how long after its last beat its sockets count as gone (a killed node). */
export const HEARTBEAT_MS = 2000;
export const NODE_TTL_MS = 10_000;
/** Channels per SSUBSCRIBE when subscribing again after a reconnection. */
const SUBSCRIBE_BATCH = 1000;

export interface ClusterDeliveryOptions {
  url: string;
  /** This node's name (NODE_NAME); its id in Redis adds a random part, so two processes never share one. */
  nodeName: string;
  log: Log;
  readiness?: Readiness;
  heartbeatMs?: number;
  ttlMs?: number;
}

export interface ClusterDelivery {
  nodeId: string;
  notifier: ClusterNotifier;
  presence: ClusterPresence;
  /** Resolves once the node has caught up with Redis (subscribed, beating, its presence written and read). */
  synced(): Promise<void>;
  /**
   * Members' session messages across nodes: `runner` runs those of sessions this node holds (it is told which as they
   * come and go); `forward` sends one to whichever node runs its session.
   */
  sessions: SessionForwarding;
  /** Starts following the sessions this node runs. */
  runSessions(runner: SessionRunner): void;
  /** Whether Redis is reachable and the node caught up since it last came back. */
  isInSync(): boolean;
  /** Leaves on purpose: this node's presence is removed at once, then the connections close. */
  close(): Promise<void>;
}

export function startClusterDelivery(local: Connections, options: ClusterDeliveryOptions): ClusterDelivery {
  const { log, readiness } = options;
  const nodeId = `${options.nodeName}/${randomUUID().slice(0, 8)}`;
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  let commandUp = false;
  let subscriberUp = false;
  let inSync = false;
  let closed = false;
  let firstSync: () => void = () => {};
  const firstSynced = new Promise<void>((resolve) => {
    firstSync = resolve;
  });

  const report = () =>
    readiness?.report(
      READINESS_PART,
      inSync ? undefined : commandUp && subscriberUp ? 'catching up with Redis' : 'Redis unreachable',
    );
  const onState = (which: 'command' | 'subscriber') => (up: boolean) => {
    if (which === 'command') commandUp = up;
    else subscriberUp = up;
    if (!up) inSync = false;
    report();
    if (up) sync();
  };
  const command = connectRedis(options.url, {
    name: `${nodeId} commands`,
    log,
    failFast: true,
    onState: onState('command'),
  });
  const subscriber = connectRedis(options.url, {
    name: `${nodeId} subscriber`,
    log,
    failFast: true,
    onState: onState('subscriber'),
  });
  report();

  const notifier = new ClusterNotifier({ local, redis: command.client, nodeId, log });
  const presence = new ClusterPresence({
    local,
    redis: command.client,
    nodeId,
    heartbeatMs,
    ttlMs: options.ttlMs ?? NODE_TTL_MS,
    log,
  });
  const sessions = new SessionForwarding({ command: command.client, subscriber: subscriber.client, nodeId, log });
  subscriber.client.on('smessage', (channel: string, message: string) => {
    if (channel === PRESENCE_CHANNEL) presence.receive(message);
    else if (channel.startsWith(SESSION_CHANNEL_PREFIX)) sessions.receive(channel, message);
    else notifier.receive(channel, message);
  });

  // A member's first socket here: hear their channel, then count this node in (so once the cluster says they are
  // online, notices reach them); their last: the reverse. The count written is the state when it is written, so
  // quick comings and goings settle right. While Redis is away these fail (logged once); catching up afterwards
  // starts from the sockets open then.
  let subscribeFailing = false;
  const follow = (kind: MemberKind) => (id: string, online: boolean) => {
    const channel = channelOf(kind, id);
    const hub = kind === 'p' ? local.people : local.devices;
    (online ? subscriber.client.ssubscribe(channel) : subscriber.client.sunsubscribe(channel))
      .then(
        () => {
          subscribeFailing = false;
        },
        (err: unknown) => {
          if (!subscribeFailing) log.error({ err }, 'subscribing to a delivery channel failed');
          subscribeFailing = true;
        },
      )
      .finally(() => presence.localChanged(kind, id, hub.isOnline(id)));
  };
  local.people.onPresence(follow('p'));
  local.devices.onPresence(follow('d'));

  async function catchUp(): Promise<void> {
    const channels = [
      PRESENCE_CHANNEL,
      ...[...local.people.owners()].map((id) => channelOf('p', id)),
      ...[...local.devices.owners()].map((id) => channelOf('d', id)),
      ...sessions.channels(),
    ];
    for (let i = 0; i < channels.length; i += SUBSCRIBE_BATCH) {
      await subscriber.client.ssubscribe(...channels.slice(i, i + SUBSCRIBE_BATCH));
    }
    await presence.heartbeat();
    await presence.register();
    await presence.snapshot();
  }

  // One catching-up at a time; a connection coming back during one asks for another after it.
  let running = false;
  let again = false;
  function sync(): void {
    if (running) {
      again = true;
      return;
    }
    running = true;
    void (async () => {
      do {
        again = false;
        if (closed || !commandUp || !subscriberUp) break;
        try {
          await catchUp();
          if (commandUp && subscriberUp) {
            inSync = true;
            firstSync();
          }
        } catch (err) {
          log.error({ err }, 'catching up with Redis failed; trying again when it is back');
        }
        report();
      } while (again);
    })()
      .catch((err: unknown) => log.error({ err }, 'reporting the Redis catch-up failed'))
      // Whatever happened, the next sync must be able to run.
      .finally(() => {
        running = false;
      });
  }

  let beatFailing = false;
  const beat = setInterval(() => {
    if (!commandUp) return;
    presence.heartbeat().then(
      () => {
        beatFailing = false;
      },
      (err: unknown) => {
        if (!beatFailing) log.error({ err }, 'the node heartbeat to Redis failed');
        beatFailing = true;
      },
    );
  }, heartbeatMs);
  beat.unref();

  return {
    nodeId,
    notifier,
    presence,
    sessions,
    runSessions: (runner) => sessions.run(runner),
    synced: () => firstSynced,
    isInSync: () => inSync,
    async close() {
      closed = true;
      clearInterval(beat);
      if (commandUp) {
        await presence.leave().catch((err: unknown) => log.error({ err }, 'removing this node from Redis failed'));
      }
      await Promise.all([subscriber.close(), command.close()]);
    },
  };
}
