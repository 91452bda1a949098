/** The signalling WebSocket between each client and the server: its frames both ways, its size limit, its close codes. */
import { z } from 'zod';
import { deviceCredentialSchema, endReasonSchema, identityCardSchema, roleSchema, sessionSchema } from './domain.ts';
import { errorCodeSchema } from './errors.ts';
import { sessionEventSchema, signalDataSchema } from './session-negotiation.ts';

/** Largest WebSocket frame the application accepts; bigger frames get an error reply. */
export const MAX_SOCKET_MESSAGE_BYTES = 64 * 1024;

export const clientSocketMessageSchema = z.discriminatedUnion('type', [
  /**
   * Tokens travel in the first frame, never in the URL; the frame is sent again with a fresh token before the last one
   * expires, to keep the socket.
   */
  z.object({
    type: z.literal('auth'),
    token: z
      .string()
      .min(1)
      .max(16 * 1024),
    /** An enrolled app also says which device it is: the device is then online and can be sent launches. */
    device: deviceCredentialSchema.optional(),
  }),
  z.object({ type: z.literal('ping'), id: z.number().int().nonnegative() }),
  z.object({ type: z.literal('session.event'), sessionId: z.string().max(64), event: sessionEventSchema }),
  /** `peer` numbers the peer connection: a new number means the sender started a fresh connection. */
  z.object({
    type: z.literal('session.signal'),
    sessionId: z.string().max(64),
    peer: z.number().int().nonnegative(),
    data: signalDataSchema,
  }),
  z.object({ type: z.literal('session.leave'), sessionId: z.string().max(64) }),
  /** The page is going away (tab closed or reloaded): leave unless the same person resumes within moments. */
  z.object({ type: z.literal('session.closing'), sessionId: z.string().max(64) }),
  /** A page (re)opened this session: cancels a pending closing. */
  z.object({ type: z.literal('session.resume'), sessionId: z.string().max(64) }),
  /** The person is active in the session (chat, input, mode changes): keeps it from the idle timeout (spec 4.10). */
  z.object({ type: z.literal('session.activity'), sessionId: z.string().max(64) }),
]);
export type ClientSocketMessage = z.infer<typeof clientSocketMessageSchema>;

export const serverSocketMessageSchema = z.discriminatedUnion('type', [
  /**
   * Also the answer to a later `auth` with a fresh token on the same socket. At `expiresAt` (the token's expiry) the
   * server closes the socket with `tokenExpired` unless a fresh token came first.
   */
  z.object({ type: z.literal('auth.ok'), userId: z.string(), expiresAt: z.string() }),
  z.object({ type: z.literal('pong'), id: z.number().int().nonnegative() }),
  z.object({ type: z.literal('error'), code: errorCodeSchema, message: z.string() }),
  /** `code` is set only in the helper's copy, so a helper waiting on several codes knows which one was used. */
  z.object({
    type: z.literal('session.paired'),
    session: sessionSchema,
    code: z.string().optional(),
    /** Set in the helper's copy when the session came from a remote launch (spec 3.2). */
    launchId: z.string().optional(),
  }),
  z.object({ type: z.literal('session.event'), sessionId: z.string(), from: roleSchema, event: sessionEventSchema }),
  z.object({
    type: z.literal('session.signal'),
    sessionId: z.string(),
    peer: z.number().int().nonnegative(),
    data: signalDataSchema,
  }),
  /** The other member's connection to the server came or went. */
  z.object({ type: z.literal('session.presence'), sessionId: z.string(), online: z.boolean() }),
  z.object({ type: z.literal('session.ended'), sessionId: z.string(), reason: endReasonSchema }),
  /** To an enrolled device: a helper asks to start a session (spec 3.2). */
  z.object({
    type: z.literal('launch.request'),
    launchId: z.string(),
    helper: identityCardSchema,
    expiresAt: z.string(),
  }),
  /** To the helper: the person at the device said no. */
  z.object({ type: z.literal('launch.declined'), launchId: z.string() }),
]);
export type ServerSocketMessage = z.infer<typeof serverSocketMessageSchema>;

/** WebSocket close codes the server uses, with their meaning. */
export const SOCKET_CLOSE = {
  authTimeout: 4001,
  authFailed: 4003,
  /** The access token the socket was opened with expired: reconnect with a fresh one. */
  tokenExpired: 4401,
  /** The person already has as many sockets open as the server allows one person (other tabs, other devices). */
  tooManySockets: 4029,
  abusive: 1008,
  /** The server failed (not the client): try again later. */
  internalError: 1011,
  /** The node is going away (draining before a restart): reconnect, to another node, after a jittered wait. */
  serviceRestart: 1012,
} as const;
