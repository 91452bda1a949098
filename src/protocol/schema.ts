/**
 * Every message that crosses a wire — HTTP API bodies, WebSocket frames (and, later, data-channel and agent
 * messages) — is defined here once and validated on both ends with the same schema.
 */
import { z } from 'zod';

/** Largest WebSocket frame the application accepts; bigger frames get an error reply. */
export const MAX_SOCKET_MESSAGE_BYTES = 64 * 1024;
/** Largest HTTP request body the API accepts. */
export const MAX_API_BODY_BYTES = 16 * 1024;

export const CODE_LENGTH = 8;
/** Crockford's base32 in lower case: 32 symbols, none of i, l, o, u, so no two look alike. */
export const CODE_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export const modeSchema = z.enum(['view', 'control', 'elevation']);
export type Mode = z.infer<typeof modeSchema>;

export const permissionSchema = z.enum([
  'viewScreen',
  'takeFullControl',
  'elevation',
  'launchSession',
  'readDevices',
  'manageRemoteHelp',
  'readReports',
]);
export type Permission = z.infer<typeof permissionSchema>;

export const identityCardSchema = z.object({
  id: z.string(),
  name: z.string(),
  jobTitle: z.string(),
  company: z.string(),
  /** A data: URL, so the picture needs no unauthenticated endpoint. */
  photo: z.string().startsWith('data:image/'),
  domain: z.string(),
  domainVerified: z.boolean(),
});
export type IdentityCard = z.infer<typeof identityCardSchema>;

export const sessionSchema = z.object({
  id: z.string(),
  helper: identityCardSchema,
  sharer: identityCardSchema,
  permittedModes: z.array(modeSchema),
  startedAt: z.string(),
});
export type Session = z.infer<typeof sessionSchema>;

// ---------------------------------------------------------------- errors

/** Stable error codes: clients map them to catalogue messages, tests assert them. */
export const errorCodeSchema = z.enum([
  'invalid_request',
  'not_found',
  'unauthenticated',
  'forbidden',
  'not_in_directory',
  'rate_limited',
  'payload_too_large',
  'code_malformed',
  'code_unknown',
  'code_expired',
  'code_used',
  'code_cancelled',
  'code_other_tenant',
  'helper_not_permitted',
  'redeem_locked',
  'address_locked',
  'too_many_codes',
  'unknown_message',
  'internal',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const apiErrorSchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    /** ISO time until which a lock-out lasts, when the refusal is a lock-out. */
    retryAt: z.string().optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

// ---------------------------------------------------------------- HTTP API

export const clientConfigSchema = z.object({
  version: z.string(),
  minClientVersion: z.string(),
  auth: z.object({
    clientId: z.string(),
    authority: z.string(),
    knownAuthorities: z.array(z.string()),
    /** JSON string of the provider's metadata, so MSAL need not fetch it (development provider only). */
    authorityMetadata: z.string().optional(),
    protocolMode: z.enum(['AAD', 'OIDC']),
    scopes: z.array(z.string()),
  }),
  /** Set when the embedded development identity provider is in use. */
  developmentIdentity: z.boolean(),
});
export type ClientConfig = z.infer<typeof clientConfigSchema>;

export const meSchema = z.object({
  card: identityCardSchema,
  email: z.string(),
  tenantName: z.string(),
  permissions: z.array(permissionSchema),
  /** Modes this user may offer as a helper; empty for people who cannot give help. */
  helpModes: z.array(modeSchema),
});
export type Me = z.infer<typeof meSchema>;

export const createdCodeSchema = z.object({
  code: z.string().length(CODE_LENGTH),
  expiresAt: z.string(),
  ttlSeconds: z.number().int().positive(),
  permittedModes: z.array(modeSchema),
});
export type CreatedCode = z.infer<typeof createdCodeSchema>;

export const redeemRequestSchema = z.object({
  code: z.string().max(64),
});
export type RedeemRequest = z.infer<typeof redeemRequestSchema>;

export const redeemResponseSchema = z.object({ session: sessionSchema });

export const healthSchema = z.object({ status: z.literal('ok'), version: z.string() });

export const iceServersSchema = z.object({
  iceServers: z.array(
    z.object({
      urls: z.union([z.string(), z.array(z.string())]),
      username: z.string().optional(),
      credential: z.string().optional(),
    }),
  ),
});
export type IceServers = z.infer<typeof iceServersSchema>['iceServers'];

export const activeSessionsSchema = z.object({ sessions: z.array(sessionSchema) });

// ---------------------------------------------------------------- session events (relayed by the server)

export const roleSchema = z.enum(['helper', 'sharer']);
export type Role = z.infer<typeof roleSchema>;

/** Modes a helper asks for in a mode request: elevation is asked for separately, once in full control. */
export const liveModeSchema = z.enum(['view', 'control']);
export type LiveMode = z.infer<typeof liveModeSchema>;

export const declineReasonSchema = z.enum(['declined', 'picker_cancelled', 'wrong_surface', 'not_permitted', 'busy']);
export type DeclineReason = z.infer<typeof declineReasonSchema>;

export const displaySurfaceSchema = z.enum(['monitor', 'window', 'browser', 'unknown']);
export type DisplaySurface = z.infer<typeof displaySurfaceSchema>;

/**
 * Negotiation between the two sides. The server relays these between the members of a session and audits them;
 * consent itself is decided by the sharer's client.
 */
export const sessionEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('mode.request'), mode: liveModeSchema }),
  z.object({ type: z.literal('mode.allow'), mode: liveModeSchema, surface: displaySurfaceSchema }),
  z.object({ type: z.literal('mode.decline'), mode: liveModeSchema, reason: declineReasonSchema }),
  /** Either side drops to view only; no consent needed to go down. */
  z.object({ type: z.literal('mode.switch'), mode: z.literal('view') }),
  z.object({ type: z.literal('sharing.stopped') }),
  z.object({ type: z.literal('elevation.request') }),
  z.object({ type: z.literal('elevation.allow') }),
  z.object({ type: z.literal('elevation.decline'), reason: declineReasonSchema }),
]);
export type SessionEvent = z.infer<typeof sessionEventSchema>;

export const endReasonSchema = z.enum([
  'helper_left',
  'sharer_left',
  'connection_lost',
  'max_length',
  'idle',
  'policy',
]);
export type EndReason = z.infer<typeof endReasonSchema>;

/** simple-peer's signalling data: offers, answers, trickled candidates, renegotiation. Bounded, never interpreted. */
export const signalDataSchema = z.union([
  z.object({ type: z.enum(['offer', 'answer', 'pranswer', 'rollback']), sdp: z.string().max(48 * 1024) }),
  z.object({
    type: z.literal('candidate'),
    candidate: z.object({
      candidate: z.string().max(1024),
      sdpMLineIndex: z.number().int().nullable().optional(),
      sdpMid: z.string().max(64).nullable().optional(),
      usernameFragment: z.string().max(256).nullable().optional(),
    }),
  }),
  z.object({ type: z.literal('renegotiate'), renegotiate: z.literal(true) }),
  z.object({
    type: z.literal('transceiverRequest'),
    transceiverRequest: z.object({
      kind: z.enum(['audio', 'video']),
      init: z.record(z.string(), z.unknown()).optional(),
    }),
  }),
]);
export type SignalData = z.infer<typeof signalDataSchema>;

// ---------------------------------------------------------------- WebSocket

export const clientSocketMessageSchema = z.discriminatedUnion('type', [
  /** Tokens travel in the first frame, never in the URL. */
  z.object({
    type: z.literal('auth'),
    token: z
      .string()
      .min(1)
      .max(16 * 1024),
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
]);
export type ClientSocketMessage = z.infer<typeof clientSocketMessageSchema>;

export const serverSocketMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth.ok'), userId: z.string() }),
  z.object({ type: z.literal('pong'), id: z.number().int().nonnegative() }),
  z.object({ type: z.literal('error'), code: errorCodeSchema, message: z.string() }),
  /** `code` is set only in the helper's copy, so a helper waiting on several codes knows which one was used. */
  z.object({ type: z.literal('session.paired'), session: sessionSchema, code: z.string().optional() }),
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
]);
export type ServerSocketMessage = z.infer<typeof serverSocketMessageSchema>;

/** WebSocket close codes the server uses, with their meaning. */
export const SOCKET_CLOSE = {
  authTimeout: 4001,
  authFailed: 4003,
  abusive: 1008,
} as const;

// ---------------------------------------------------------------- data channels (peer to peer, never via the server)

export const MAX_CHAT_CHARACTERS = 4000;
/** Characters as people count them (code points), not UTF-16 units: an emoji is one character. */
export const characterCount = (text: string) => Array.from(text).length;

export const chatChannelMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('chat.message'),
    id: z.string().min(1).max(64),
    text: z
      .string()
      .min(1)
      .refine((t) => characterCount(t) <= MAX_CHAT_CHARACTERS, 'too long'),
    sentAt: z.number(),
  }),
  z.object({ type: z.literal('chat.ack'), id: z.string().min(1).max(64) }),
]);
export type ChatChannelMessage = z.infer<typeof chatChannelMessageSchema>;

/** One piece of a message sent over a data channel in several frames (see src/rtc/frames.ts). */
export const frameSchema = z.object({
  f: z.number().int().nonnegative(),
  i: z.number().int().nonnegative(),
  n: z.number().int().positive().max(64),
  d: z.string(),
});
export type Frame = z.infer<typeof frameSchema>;
