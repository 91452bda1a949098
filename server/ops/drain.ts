/**
 * A node going away (SIGTERM) drains: it leaves service (`/readyz` answers 503, so the load balancer sends no new
 * connections), then closes its sockets with "service restart" spread over `spreadMs`, so its clients reconnect to
 * the other nodes a few at a time rather than all in one instant. Their sessions outlive the gap (the grace period).
 */
import { SOCKET_CLOSE } from '@remote-help/protocol/socket';
import type { Readiness } from './readiness.ts';

export interface Closable {
  close(code: number, reason: string): void;
}

export async function drain(readiness: Readiness, sockets: () => Iterable<Closable>, spreadMs: number): Promise<void> {
  readiness.report('server', 'draining');
  const open = [...sockets()];
  const gap = open.length > 1 ? spreadMs / open.length : 0;
  for (const [i, socket] of open.entries()) {
    if (i > 0 && gap > 0) await new Promise((r) => setTimeout(r, gap));
    socket.close(SOCKET_CLOSE.serviceRestart, 'service restart');
  }
}
