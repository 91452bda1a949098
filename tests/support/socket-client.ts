/** A WebSocket client for tests: collects server frames and waits for the next one matching a predicate. */
import { type ServerSocketMessage, serverSocketMessageSchema } from '@remote-help/protocol/socket';
import WebSocket, { type ClientOptions } from 'ws';

export interface TestSocket {
  ws: WebSocket;
  next(predicate?: (m: ServerSocketMessage) => boolean): Promise<ServerSocketMessage>;
  closed: Promise<{ code: number; reason: string }>;
  sendRaw(data: string | Buffer): void;
  /** Frames received and not yet taken by `next`. */
  queued(): ServerSocketMessage[];
}

/** `options` are ws's own: `{ autoPong: false }` makes a client that stops answering the server's pings. */
export function openSocket(origin: string, options: ClientOptions = {}): Promise<TestSocket> {
  const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/ws`, options);
  const inbox: ServerSocketMessage[] = [];
  const waiters: { predicate: (m: ServerSocketMessage) => boolean; resolve: (m: ServerSocketMessage) => void }[] = [];
  ws.on('message', (data) => {
    const message = serverSocketMessageSchema.parse(JSON.parse(String(data)));
    const i = waiters.findIndex((w) => w.predicate(message));
    if (i >= 0) waiters.splice(i, 1)[0]?.resolve(message);
    else inbox.push(message);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        ws,
        closed,
        sendRaw: (data) => ws.send(data),
        queued: () => [...inbox],
        next(predicate = () => true) {
          const i = inbox.findIndex(predicate);
          if (i >= 0) return Promise.resolve(inbox.splice(i, 1)[0] as ServerSocketMessage);
          return new Promise((r) => waiters.push({ predicate, resolve: r }));
        },
      }),
    );
  });
}

export async function openAuthenticatedSocket(
  origin: string,
  token: string,
  options: ClientOptions = {},
): Promise<TestSocket> {
  const socket = await openSocket(origin, options);
  socket.sendRaw(JSON.stringify({ type: 'auth', token }));
  const reply = await socket.next();
  if (reply.type !== 'auth.ok') throw new Error(`socket authentication failed: ${JSON.stringify(reply)}`);
  return socket;
}
