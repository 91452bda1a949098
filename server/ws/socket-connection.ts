/**
 * One client WebSocket: authenticate with the first frame, then validate, size-check and rate-limit every frame.
 * Bad frames get an error reply and the connection lives on; a client that keeps sending them is closed with a reason.
 */
import type { DeviceCredential } from '@remote-help/protocol/domain';
import type { ErrorCode } from '@remote-help/protocol/errors';
import {
  type ClientSocketMessage,
  clientSocketMessageSchema,
  MAX_SOCKET_MESSAGE_BYTES,
  type ServerSocketMessage,
  SOCKET_CLOSE,
} from '@remote-help/protocol/socket';
import type { WebSocket } from 'ws';
import { isDatabaseUnreachable } from '../db/unreachable.ts';
import type { DeviceRegistry } from '../devices/device-registry.ts';
import type { Launches } from '../devices/launches.ts';
import type { Directory } from '../directory/directory.ts';
import { Refusal } from '../domain/refusal.ts';
import { TokenError, type TokenVerifier, type VerifiedIdentity } from '../identity/verify-token.ts';
import type { Log } from '../logging/log.ts';
import type { LiveSessions } from '../sessions/live-sessions.ts';
import type { Connections } from './connections.ts';
import type { PersonLimits } from './person-limits.ts';
import { runSessionMessage, type SessionMessage } from './session-messages.ts';
import { TokenBucket } from './token-bucket.ts';

export const AUTH_TIMEOUT_MS = 5000;
/** Frames a client may send in a burst, and per second after that. */
export const SOCKET_BURST = 40;
export const SOCKET_PER_SECOND = 20;
/** Bad frames (malformed or over the rate) tolerated before the connection is closed. */
export const MAX_BAD_FRAMES = 20;

export interface SocketDeps {
  verifier: TokenVerifier;
  directory: Directory;
  sessions: LiveSessions;
  devices: DeviceRegistry;
  /** Who is connected: people, and enrolled devices (spec 3.2: launches go to devices). */
  connections: Connections;
  launches: Launches;
  /** Shared by every socket: sockets and negotiation events per person. */
  limits: PersonLimits;
  now: () => number;
  /** This connection's logger: its lines carry the upgrade request's id. */
  log: Log;
  /**
   * Cluster mode: sends a member's message to the node that runs the session; resolves whether a node took it.
   * That node's refusals are logged there, not answered.
   */
  forwardSessionMessage?: (userId: string, message: SessionMessage) => Promise<boolean>;
  /** Where refusals and relay times are counted, when metrics are on. */
  metrics?: SocketMetrics;
}

export interface SocketMetrics {
  refused(code: ErrorCode): void;
  signalRelayed(seconds: number): void;
}

/** setTimeout's longest delay; a token living longer than this (24.8 days) is re-checked when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function serveSocket(socket: WebSocket, deps: SocketDeps): void {
  let userId: string | undefined;
  let tenantId: string | undefined;
  let deviceId: string | undefined;
  let authenticating = false;
  let badFrames = 0;
  const bucket = new TokenBucket(SOCKET_BURST, SOCKET_PER_SECOND);
  const hubSocket = { send: (data: string) => socket.send(data) };

  const reply = (m: ServerSocketMessage) => socket.send(JSON.stringify(m));
  const bad = (code: ErrorCode, message: string) => {
    deps.metrics?.refused(code);
    badFrames += 1;
    if (badFrames > MAX_BAD_FRAMES) {
      socket.close(SOCKET_CLOSE.abusive, 'too many invalid or excess messages');
      return;
    }
    reply({ type: 'error', code, message });
  };

  const authTimer = setTimeout(
    () => socket.close(SOCKET_CLOSE.authTimeout, 'authentication timed out'),
    AUTH_TIMEOUT_MS,
  );

  // A socket lives as long as the token it was opened (or last re-authenticated) with: then it is closed, so the
  // client comes back with a fresh token, as HTTP would have refused the old one.
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;
  const expireAt = (expiresAt: number) => {
    clearTimeout(expiryTimer);
    const delay = expiresAt - deps.now();
    expiryTimer = setTimeout(
      () => (delay > MAX_TIMER_MS ? expireAt(expiresAt) : socket.close(SOCKET_CLOSE.tokenExpired, 'token expired')),
      Math.min(MAX_TIMER_MS, Math.max(0, delay)),
    );
  };
  const authOk = (id: string, expiresAt: number) =>
    reply({ type: 'auth.ok', userId: id, expiresAt: new Date(expiresAt).toISOString() });

  /** A fresh token for the same person on an authenticated socket: the socket lives on until it expires. */
  async function reauthenticate(token: string, current: string): Promise<void> {
    authenticating = true;
    try {
      const identity = await deps.verifier.verify(token);
      if (identity.userId !== current || identity.tenantId !== tenantId) {
        socket.close(SOCKET_CLOSE.authFailed, 'a token for another person');
        return;
      }
      expireAt(identity.expiresAt);
      authOk(current, identity.expiresAt);
    } catch (e) {
      if (e instanceof TokenError && e.reason === 'expired') socket.close(SOCKET_CLOSE.tokenExpired, 'token expired');
      else socket.close(SOCKET_CLOSE.authFailed, 'invalid token');
    } finally {
      authenticating = false;
    }
  }

  async function authenticate(token: string, credential: DeviceCredential | undefined): Promise<void> {
    authenticating = true;
    try {
      let identity: VerifiedIdentity;
      try {
        identity = await deps.verifier.verify(token);
      } catch {
        socket.close(SOCKET_CLOSE.authFailed, 'invalid token');
        return;
      }
      const user = await deps.directory.findUser(identity.userId);
      if (!user || user.tenantId !== identity.tenantId) {
        socket.close(SOCKET_CLOSE.authFailed, 'not in directory');
        return;
      }
      // An app whose credential no longer proves a device (removed, or another organisation's) is just unenrolled.
      const device = credential ? await deps.devices.verify(credential, user.tenantId) : undefined;
      clearTimeout(authTimer);
      if (socket.readyState !== socket.OPEN) return;
      if (!deps.limits.open(user.id)) {
        socket.close(SOCKET_CLOSE.tooManySockets, 'too many connections for one person');
        return;
      }
      userId = user.id;
      tenantId = user.tenantId;
      expireAt(identity.expiresAt);
      deps.connections.people.add(userId, hubSocket);
      authOk(userId, identity.expiresAt);
      if (device) {
        deviceId = device.id;
        deps.connections.devices.add(device.id, hubSocket);
        await deps.devices.checkIn(device);
        await deps.launches.resend(device.id, reply);
      }
    } catch (err) {
      // Not the token: the server failed (storage, most likely). Logged with this connection's request id.
      deps.log.error({ err }, 'authenticating a socket failed');
      socket.close(SOCKET_CLOSE.internalError, 'the server could not authenticate this connection');
    } finally {
      authenticating = false;
    }
  }

  /** Runs a session action; a refusal is an error reply, a failure is logged (with the request id) and answered. */
  function guarded(type: ClientSocketMessage['type'], action: () => void | Promise<void>): void {
    const fail = (err: unknown) => {
      if (err instanceof Refusal) return bad(err.code, err.message);
      deps.log.error({ err, messageType: type }, 'a socket message failed');
      if (isDatabaseUnreachable(err))
        bad('service_unavailable', 'The service’s database cannot be reached. Try again shortly.');
      else bad('internal', 'The server could not handle that message.');
    };
    try {
      const result = action();
      if (result) result.catch(fail);
    } catch (e) {
      fail(e);
    }
  }

  /**
   * A session message, run here — or, in a cluster, on the node that runs the session when this one does not. If no
   * node takes it (no such session, or Redis away) it is run here, which gives the member this node's answer.
   */
  function toSession(user: string, message: SessionMessage): void {
    const run = () => guarded(message.type, () => runSessionMessage(deps.sessions, user, message));
    const forward = deps.forwardSessionMessage;
    if (!forward || deps.sessions.holds(message.sessionId)) {
      run();
      return;
    }
    forward(user, message).then(
      (taken) => {
        if (!taken) run();
      },
      () => run(),
    );
  }

  function handle(message: ClientSocketMessage): void {
    const user = userId;
    switch (message.type) {
      case 'auth':
        if (authenticating) bad('invalid_request', 'Already authenticating.');
        else if (user) void reauthenticate(message.token, user);
        else void authenticate(message.token, message.device);
        return;
      case 'ping':
        reply({ type: 'pong', id: message.id });
        return;
      case 'session.event':
        if (!user) return;
        // Each is audited: limited per person, however many sockets the person spreads them over.
        if (deps.limits.takeEvent(user)) toSession(user, message);
        else bad('rate_limited', 'Too many negotiation messages; slow down.');
        return;
      case 'session.signal':
        if (user) {
          const received = performance.now();
          toSession(user, message);
          deps.metrics?.signalRelayed((performance.now() - received) / 1000);
        }
        return;
      case 'session.leave':
      case 'session.closing':
      case 'session.resume':
      case 'session.activity':
        if (user) toSession(user, message);
        return;
    }
  }

  socket.on('message', (raw, isBinary) => {
    if (!bucket.take()) return bad('rate_limited', 'Too many messages; slow down.');
    const size = Array.isArray(raw) ? raw.reduce((n, b) => n + b.length, 0) : (raw as ArrayBuffer).byteLength;
    if (isBinary) return bad('invalid_request', 'Binary frames are not accepted.');
    if (size > MAX_SOCKET_MESSAGE_BYTES) return bad('payload_too_large', 'Message too large.');
    let json: unknown;
    try {
      json = JSON.parse(raw.toString());
    } catch {
      return bad('invalid_request', 'Messages are JSON.');
    }
    const parsed = clientSocketMessageSchema.safeParse(json);
    if (!parsed.success) {
      const type = (json as { type?: unknown } | null)?.type;
      const known = clientSocketMessageSchema.options.some((o) => o.shape.type.value === type);
      return known ? bad('invalid_request', 'Malformed message.') : bad('unknown_message', 'Unknown message type.');
    }
    if (!userId && parsed.data.type !== 'auth') return bad('unauthenticated', 'Authenticate first.');
    handle(parsed.data);
  });

  socket.on('close', () => {
    clearTimeout(authTimer);
    clearTimeout(expiryTimer);
    if (userId) {
      deps.connections.people.remove(userId, hubSocket);
      deps.limits.close(userId);
    }
    if (deviceId) deps.connections.devices.remove(deviceId, hubSocket);
  });
}
