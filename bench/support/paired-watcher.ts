/** Waiting for `session.paired` on a benchmark's socket, whether it came before or after the wait began. */
import type { ServerSocketMessage } from '@remote-help/protocol/socket';
import type WebSocket from 'ws';

/** Resolves when a socket has received `session.paired` for a session id (before or after the call). */
export function pairedWatcher(ws: WebSocket): (sessionId: string) => Promise<void> {
  const waiting = new Map<string, () => void>();
  const early = new Set<string>();
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as ServerSocketMessage;
    if (m.type !== 'session.paired') return;
    const done = waiting.get(m.session.id);
    if (done) {
      waiting.delete(m.session.id);
      done();
    } else early.add(m.session.id);
  });
  return (sessionId: string) =>
    early.delete(sessionId) ? Promise.resolve() : new Promise<void>((r) => waiting.set(sessionId, r));
}
