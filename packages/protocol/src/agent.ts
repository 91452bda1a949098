/**
 * The sharer's control agent: the loopback WebSocket between the sharer's page and the agent, and the grant the
 * server signs for it (claims, and the HTTP bodies the page uses to ask for one).
 */
import { z } from 'zod';
import { modeSchema } from './domain.ts';
import { agentCapabilitiesSchema, controlEventSchema, screenFractionSchema } from './peer-channels.ts';

export const DEFAULT_AGENT_PORT = 47631;
export const MAX_AGENT_MESSAGE_BYTES = 16 * 1024;
/** The audience of grants: tokens made for anything else are refused by the agent. */
export const AGENT_GRANT_AUDIENCE = 'remote-help-agent';
/** The longest a grant may last (exp − iat): the server issues no longer ones, the agent refuses them. */
export const AGENT_GRANT_MAX_SECONDS = 60;

// ---------------------------------------------------------------- grants (server → page → agent)

/**
 * The server's signed permission for one agent to apply input for one session (JWT, ES256, from the server's
 * /api/agent/jwks): issuer = the app's origin, aud = AGENT_GRANT_AUDIENCE, sub = session id, short expiry.
 */
export const agentGrantClaimsSchema = z.object({
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  sub: z.string().min(1).max(64),
  /** The agent's own device id, as it reported it: a grant for another device is refused. */
  device: z.string().min(1).max(64),
  modes: z.array(modeSchema),
  exp: z.number().int(),
  iat: z.number().int(),
  jti: z.string().min(1).max(64),
});

/** The sharer's page asks for the modes the sharer has allowed; the server grants them only within the session's. */
export const agentGrantRequestSchema = z.object({
  device: z.string().min(1).max(64),
  modes: z
    .array(z.enum(['control', 'elevation']))
    .min(1)
    .max(2),
});
/** The public keys agents check grants against (a JSON Web Key Set). */
export const jwksSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())) });

export const agentGrantResponseSchema = z.object({ token: z.string().min(1).max(4096), expiresAt: z.string() });
export type AgentGrantResponse = z.infer<typeof agentGrantResponseSchema>;

// ---------------------------------------------------------------- page ↔ agent (ws://127.0.0.1)

export const agentClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('agent.hello') }),
  /** Hands the agent a grant for a session; the agent verifies it against the server's keys. */
  z.object({ type: z.literal('agent.grant'), token: z.string().min(1).max(4096) }),
  /** The sharer's current mode for the session: input is applied only in 'control'. */
  z.object({
    type: z.literal('agent.mode'),
    sessionId: z.string().min(1).max(64),
    mode: z.enum(['none', 'view', 'control']),
  }),
  z.object({
    type: z.literal('agent.input'),
    sessionId: z.string().min(1).max(64),
    seq: z.number().int().nonnegative(),
    event: controlEventSchema,
  }),
  z.object({
    type: z.literal('agent.laser'),
    sessionId: z.string().min(1).max(64),
    x: screenFractionSchema,
    y: screenFractionSchema,
    visible: z.boolean(),
  }),
  /** The sharer leaves after elevated actions: run the configured sign-out (lock or end the desktop session). */
  z.object({ type: z.literal('agent.signOut'), sessionId: z.string().min(1).max(64) }),
  /** The session ended or control was taken back: forget its grant. */
  z.object({ type: z.literal('agent.end'), sessionId: z.string().min(1).max(64) }),
  /**
   * The size of the picture the page shares (null when it shares nothing): where the desktop has several
   * monitors captured one at a time (Windows), the agent matches it to the monitor the helper sees.
   */
  z.object({
    type: z.literal('agent.capture'),
    size: z
      .object({ width: z.number().int().min(1).max(100_000), height: z.number().int().min(1).max(100_000) })
      .nullable(),
  }),
]);
export type AgentClientMessage = z.infer<typeof agentClientMessageSchema>;

const agentErrorCodeSchema = z.enum([
  'invalid_message',
  'grant_invalid',
  'grant_expired',
  'grant_other_device',
  /** A grant the agent already accepted once: each grant is used once. */
  'grant_replayed',
  /** A grant for a session the page said has ended. */
  'session_ended',
  'no_grant',
  'other_session',
  'not_in_control',
  'not_permitted',
  'injection_failed',
  /** The desktop does not allow this input from the agent (e.g. Ctrl+Alt+Del on Windows); the message says why. */
  'not_possible',
  'sign_out_failed',
]);
export type AgentErrorCode = z.infer<typeof agentErrorCodeSchema>;

export const agentServerMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('agent.info'),
    version: z.string(),
    device: z.string(),
    backend: z.string(),
    screen: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }),
    canSignOut: z.boolean(),
    /** Absent from agents older than this field: the page then claims nothing either way. */
    capabilities: agentCapabilitiesSchema.omit({ backend: true }).optional(),
  }),
  z.object({
    type: z.literal('agent.granted'),
    sessionId: z.string(),
    modes: z.array(modeSchema),
    expiresAt: z.string(),
  }),
  /** Input was applied while elevation was granted: sent once per grant. */
  z.object({ type: z.literal('agent.elevatedUsed'), sessionId: z.string() }),
  z.object({ type: z.literal('agent.signedOut'), sessionId: z.string() }),
  z.object({
    type: z.literal('agent.error'),
    code: agentErrorCodeSchema,
    message: z.string().max(500),
    /** The input event refused, if it was one. */
    seq: z.number().int().nonnegative().optional(),
  }),
]);
export type AgentServerMessage = z.infer<typeof agentServerMessageSchema>;
