/**
 * Server pings, so a peer that vanished without closing (a laptop lid shut, a network gone, a node behind a dead
 * proxy) is noticed: every `intervalMs` each socket is pinged, and one that has not answered the previous ping is
 * terminated — its close then runs as for any other (presence, session grace).
 */
import type { WebSocket } from 'ws';

export interface Heartbeat {
  watch(socket: WebSocket): void;
  stop(): void;
}

export function startHeartbeat(intervalMs: number): Heartbeat {
  const awaitingPong = new Map<WebSocket, boolean>();
  const timer = setInterval(() => {
    for (const [socket, waiting] of awaitingPong) {
      if (waiting) {
        awaitingPong.delete(socket);
        socket.terminate();
        continue;
      }
      awaitingPong.set(socket, true);
      socket.ping();
    }
  }, intervalMs);
  timer.unref();
  return {
    watch(socket) {
      awaitingPong.set(socket, false);
      socket.on('pong', () => {
        if (awaitingPong.has(socket)) awaitingPong.set(socket, false);
      });
      socket.once('close', () => awaitingPong.delete(socket));
    },
    stop: () => clearInterval(timer),
  };
}
