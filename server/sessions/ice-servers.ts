/**
 * ICE servers for a person's peer connections: the configured STUN/TURN list, with short-lived TURN credentials when
 * a TURN secret is configured (the REST API scheme coturn implements: username "expiry:user", HMAC-SHA1 password).
 */
import { createHmac } from 'node:crypto';
import type { IceConfig } from '@remote-help/protocol/app-api';
import { isTurnServer, type ServerConfig } from '../config.ts';

export function iceConfigFor(
  config: Pick<ServerConfig, 'iceServers' | 'turn' | 'iceTransportPolicy'>,
  userId: string,
  now: number,
): IceConfig {
  const turn = config.turn;
  const iceTransportPolicy = config.iceTransportPolicy;
  if (!turn) return { iceServers: config.iceServers, iceTransportPolicy };
  const username = `${Math.floor(now / 1000) + turn.ttlSeconds}:${userId}`;
  const credential = createHmac('sha1', turn.secret).update(username).digest('base64');
  const iceServers = config.iceServers.map((server) =>
    isTurnServer(server) ? { ...server, username, credential } : server,
  );
  return { iceServers, iceTransportPolicy };
}
