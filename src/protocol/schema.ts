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
]);
export type ClientSocketMessage = z.infer<typeof clientSocketMessageSchema>;

export const serverSocketMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth.ok'), userId: z.string() }),
  z.object({ type: z.literal('pong'), id: z.number().int().nonnegative() }),
  z.object({ type: z.literal('error'), code: errorCodeSchema, message: z.string() }),
  /** `code` is set only in the helper's copy, so a helper waiting on several codes knows which one was used. */
  z.object({ type: z.literal('session.paired'), session: sessionSchema, code: z.string().optional() }),
]);
export type ServerSocketMessage = z.infer<typeof serverSocketMessageSchema>;

/** WebSocket close codes the server uses, with their meaning. */
export const SOCKET_CLOSE = {
  authTimeout: 4001,
  authFailed: 4003,
  abusive: 1008,
} as const;
