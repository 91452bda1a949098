/**
 * A member's session message (negotiation, signalling, leaving, closing, resuming, activity) run against the live
 * sessions: by the node the socket is on, or — in a cluster, when another node runs the session — by that node,
 * forwarded through Redis (cluster/cluster-delivery.ts).
 */
import type { ClientSocketMessage } from '@remote-help/protocol/socket';
import type { LiveSessions } from '../sessions/live-sessions.ts';

export type SessionMessage = Extract<ClientSocketMessage, { sessionId: string }>;

export function isSessionMessage(message: ClientSocketMessage): message is SessionMessage {
  return 'sessionId' in message;
}

export function runSessionMessage(sessions: LiveSessions, userId: string, m: SessionMessage): void | Promise<void> {
  switch (m.type) {
    case 'session.event':
      return sessions.relayEvent(userId, m.sessionId, m.event);
    case 'session.signal':
      return sessions.relaySignal(userId, m.sessionId, m.peer, m.data);
    case 'session.leave':
      return sessions.leave(userId, m.sessionId);
    case 'session.closing':
      return sessions.closing(userId, m.sessionId);
    case 'session.resume':
      return sessions.resume(userId, m.sessionId);
    case 'session.activity':
      return sessions.activity(userId, m.sessionId);
  }
}
