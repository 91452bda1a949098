/**
 * ICE servers for a person's peer connections: the configured STUN/TURN list, with short-lived TURN credentials when
 * a TURN secret is configured (the REST API scheme coturn implements: username "expiry:user", HMAC-SHA1 password).
 */
import { createHmac } from 'node:crypto';
import type { IceServers } from '@remote-help/protocol/app-api';
import type { ServerConfig } from '../config.ts';

export function iceServersFor(
  config: Pick<ServerConfig, 'iceServers' | 'turn'>,
  userId: string,
  now: number,
): IceServers {
  const turn = config.turn;
  if (!turn) return config.iceServers;
  const username = `${Math.floor(now / 1000) + turn.ttlSeconds}:${userId}`;
  const credential = createHmac('sha1', turn.secret).update(username).digest('base64');
  return config.iceServers.map((server) => {
    const urls = Array.isArray(server.urls) ? server.urls : [server.urls];
    return urls.some((u) => u.startsWith('turn')) ? { ...server, username, credential } : server;
  });
}
