/**
 * The app's single WebSocket to the server. Authenticates with the first frame (tokens never go in URLs),
 * validates every incoming frame, reconnects as its policy says, and demultiplexes once: a message about a session
 * goes to that session's view, any other to the handlers of its type.
 */

import type { DeviceCredential } from '@remote-help/protocol/domain';
import {
  type ClientSocketMessage,
  type ServerSocketMessage,
  SOCKET_CLOSE,
  serverSocketMessageSchema,
} from '@remote-help/protocol/socket';
import { recordDiagnostic } from '../diagnostics/diagnostics-log.ts';
import type { TokenSource } from './http-call.ts';
import { type MessageOf, type MessageRouter, makeMessageRouter } from './message-router.ts';
import { backoffPolicy, type ReconnectPolicy } from './reconnect-policy.ts';

export type SocketStatus = 'connecting' | 'open' | 'closed';

/** What the server says about one session; it goes to that session's view only. */
export type SessionServerMessage = Extract<ServerSocketMessage, { sessionId: string }>;
/** Everything else the server says (pairing, launches, the socket's own replies). */
export type AppServerMessage = Exclude<ServerSocketMessage, { sessionId: string }>;
type SessionClientMessage = Extract<ClientSocketMessage, { sessionId: string }>;
type WithoutSession<M> = M extends unknown ? Omit<M, 'sessionId'> : never;

/** One session's view of the socket: its own messages in, its own messages out (the session id is added). */
export interface SessionSocket {
  readonly sessionId: string;
  send(message: WithoutSession<SessionClientMessage>): void;
  on<T extends SessionServerMessage['type']>(
    type: T,
    handler: (message: MessageOf<SessionServerMessage, T>) => void,
  ): () => void;
  onStatus(listener: (status: SocketStatus) => void): () => void;
  /** Stops every handler this view registered. */
  release(): void;
}

/** Messages kept while the socket is down, sent once it is back: a request made offline is not lost. */
export const MAX_QUEUED = 200;

/** A fresh token goes to the server this long before the socket's token expires. */
export const REAUTH_BEFORE_MS = 60_000;

export interface SignalingSocket {
  /** Sends now, or queues until the connection is back. */
  send(message: ClientSocketMessage): void;
  isOpen(): boolean;
  on<T extends AppServerMessage['type']>(
    type: T,
    handler: (message: MessageOf<AppServerMessage, T>) => void,
  ): () => void;
  /** A view of the socket for one session. */
  session(sessionId: string): SessionSocket;
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
  const app = makeMessageRouter<AppServerMessage>();
  const sessions = new Map<string, MessageRouter<SessionServerMessage>>();
  const statusListeners = new Set<(status: SocketStatus) => void>();
  let ws: WebSocket | undefined;
  let attempt = 0;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let authenticated = false;
  /** The server closed the socket because its token expired: the next one is opened with a fresh token. */
  let needsFreshToken = false;
  let reauthTimer: ReturnType<typeof setTimeout> | undefined;
  const queue: ClientSocketMessage[] = [];

  /**
   * Before the server closes the socket at the token's expiry, send it a fresh token on the same socket, so the
   * session's other side never sees this one go (a minute before, or half-way for tokens shorter than that).
   */
  const scheduleReauth = (socket: WebSocket, expiresAt: string) => {
    clearTimeout(reauthTimer);
    const left = Date.parse(expiresAt) - Date.now();
    if (!Number.isFinite(left)) return;
    reauthTimer = setTimeout(
      async () => {
        if (ws !== socket || socket.readyState !== WebSocket.OPEN) return;
        try {
          socket.send(JSON.stringify({ type: 'auth', token: await token() } satisfies ClientSocketMessage));
          recordDiagnostic('socket.reauth');
        } catch {
          // No fresh token: the server closes the socket at expiry, and the reconnect asks for one again.
        }
      },
      Math.max(0, left - Math.min(REAUTH_BEFORE_MS, left / 2)),
    );
  };

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
        const fresh = needsFreshToken;
        needsFreshToken = false;
        const current = await token({ fresh });
        const auth: ClientSocketMessage = credential
          ? { type: 'auth', token: current, device: { id: credential.id, secret: credential.secret } }
          : { type: 'auth', token: current };
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
        scheduleReauth(socket, parsed.data.expiresAt);
        if (authenticated) return; // a fresh token taken on the open socket
        authenticated = true;
        attempt = 0;
        for (const m of queue.splice(0)) socket.send(JSON.stringify(m));
        setStatus('open');
      }
      const message = parsed.data;
      if ('sessionId' in message) sessions.get(message.sessionId)?.dispatch(message);
      else app.dispatch(message);
    };
    socket.onclose = (event) => {
      authenticated = false;
      if (ws !== socket) return;
      clearTimeout(reauthTimer);
      setStatus('closed');
      if (stopped) return;
      if (event.code === SOCKET_CLOSE.tokenExpired) {
        // Not a fault: come back at once, with a token fresh from the identity provider.
        recordDiagnostic('socket.token_expired');
        needsFreshToken = true;
        connect();
        return;
      }
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

  const send = (message: ClientSocketMessage) => {
    if (ws && ws.readyState === WebSocket.OPEN && authenticated) ws.send(JSON.stringify(message));
    else if (queue.push(message) > MAX_QUEUED) queue.shift();
  };
  const onStatus = (listener: (status: SocketStatus) => void) => {
    statusListeners.add(listener);
    return () => {
      statusListeners.delete(listener);
    };
  };

  function session(sessionId: string): SessionSocket {
    const offs = new Set<() => void>();
    const track = (off: () => void) => {
      offs.add(off);
      return () => {
        off();
        offs.delete(off);
      };
    };
    return {
      sessionId,
      send: (message) => send({ ...message, sessionId } as SessionClientMessage),
      on(type, handler) {
        let router = sessions.get(sessionId);
        if (!router) {
          router = makeMessageRouter<SessionServerMessage>();
          sessions.set(sessionId, router);
        }
        const off = router.on(type, handler);
        const owner = router;
        return track(() => {
          off();
          if (owner.size() === 0 && sessions.get(sessionId) === owner) sessions.delete(sessionId);
        });
      },
      onStatus: (listener) => track(onStatus(listener)),
      release() {
        for (const off of [...offs]) off();
        offs.clear();
      },
    };
  }

  return {
    send,
    isOpen: () => authenticated,
    on: app.on,
    session,
    onStatus,
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
      clearTimeout(reauthTimer);
      ws?.close();
    },
  };
}
