/**
 * The app's single WebSocket to the server. Authenticates with the first frame (tokens never go in URLs),
 * validates every incoming frame, and reconnects with capped exponential back-off.
 */

import type { DeviceCredential } from '@remote-help/protocol/domain';
import {
  type ClientSocketMessage,
  type ServerSocketMessage,
  serverSocketMessageSchema,
} from '@remote-help/protocol/socket';
import { recordDiagnostic } from '../diagnostics/diagnostics-log.ts';
import type { TokenSource } from './api-client.ts';

export type SocketStatus = 'connecting' | 'open' | 'closed';

export interface ReconnectPolicy {
  /** Milliseconds to wait before attempt `n` (0-based). */
  delay(attempt: number): number;
}

export const backoffPolicy: ReconnectPolicy = {
  delay: (attempt) => Math.min(10_000, 250 * 2 ** attempt) * (0.8 + Math.random() * 0.4),
};

/** Messages kept while the socket is down, sent once it is back: a request made offline is not lost. */
export const MAX_QUEUED = 200;

export interface SignalingSocket {
  /** Sends now, or queues until the connection is back. */
  send(message: ClientSocketMessage): void;
  isOpen(): boolean;
  subscribe(listener: (message: ServerSocketMessage) => void): () => void;
  onStatus(listener: (status: SocketStatus) => void): () => void;
  /** Connects afresh (the next connection says what it now knows, such as a newly enrolled device). */
  reconnect(): void;
  close(): void;
}

export function makeSignalingSocket(
  url: string,
  token: TokenSource,
  policy: ReconnectPolicy = backoffPolicy,
  /** An enrolled app's device credential: with it the device is online and can be sent launches (spec 3.2). */
  device: () => DeviceCredential | undefined = () => undefined,
): SignalingSocket {
  const listeners = new Set<(message: ServerSocketMessage) => void>();
  const statusListeners = new Set<(status: SocketStatus) => void>();
  let ws: WebSocket | undefined;
  let attempt = 0;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let authenticated = false;
  const queue: ClientSocketMessage[] = [];

  const setStatus = (s: SocketStatus) => {
    recordDiagnostic('socket.status', { status: s, attempt });
    for (const l of statusListeners) l(s);
  };

  function connect(): void {
    setStatus('connecting');
    const socket = new WebSocket(url);
    ws = socket;
    socket.onopen = async () => {
      try {
        const credential = device();
        const auth: ClientSocketMessage = credential
          ? { type: 'auth', token: await token(), device: { id: credential.id, secret: credential.secret } }
          : { type: 'auth', token: await token() };
        socket.send(JSON.stringify(auth));
      } catch {
        socket.close();
      }
    };
    socket.onmessage = (event) => {
      let data: unknown;
      try {
        data = JSON.parse(String(event.data));
      } catch {
        return;
      }
      const parsed = serverSocketMessageSchema.safeParse(data);
      if (!parsed.success) return;
      if (parsed.data.type === 'auth.ok') {
        authenticated = true;
        attempt = 0;
        for (const m of queue.splice(0)) socket.send(JSON.stringify(m));
        setStatus('open');
      }
      for (const l of listeners) l(parsed.data);
    };
    socket.onclose = () => {
      authenticated = false;
      if (ws !== socket) return;
      setStatus('closed');
      if (stopped) return;
      timer = setTimeout(connect, policy.delay(attempt++));
    };
  }

  connect();

  // The browser knows when the network went away: drop the socket at once rather than wait for it to time out,
  // and try again as soon as the network is back.
  const onOffline = () => ws?.close();
  const onOnline = () => {
    if (stopped || (ws && ws.readyState <= WebSocket.OPEN)) return;
    clearTimeout(timer);
    attempt = 0;
    connect();
  };
  window.addEventListener('offline', onOffline);
  window.addEventListener('online', onOnline);

  return {
    send(message) {
      if (ws && ws.readyState === WebSocket.OPEN && authenticated) ws.send(JSON.stringify(message));
      else if (queue.push(message) > MAX_QUEUED) queue.shift();
    },
    isOpen: () => authenticated,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    reconnect() {
      if (stopped) return;
      attempt = 0;
      ws?.close();
    },
    close() {
      stopped = true;
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      clearTimeout(timer);
      ws?.close();
    },
  };
}
