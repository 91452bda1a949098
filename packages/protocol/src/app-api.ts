/** HTTP bodies of the app itself, outside any one feature: its configuration, the signed-in person, ICE servers. */
import { z } from 'zod';
import { identityCardSchema, modeSchema, permissionSchema } from './domain.ts';

/** Largest HTTP request body the API accepts. */
export const MAX_API_BODY_BYTES = 16 * 1024;

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
    /** What the app asks tokens for: the API's scope, and offline_access where the provider needs it to refresh. */
    scopes: z.array(z.string()),
  }),
  /** Set when the embedded development identity provider is in use. */
  developmentIdentity: z.boolean(),
  /** Where the sharer's control agent listens on the sharer's own machine (ws://127.0.0.1:<port>). */
  agentPort: z.number().int().min(1).max(65535),
  /** Where sharers download the agent, per platform; null when this server offers none. */
  agentDownloads: z.object({ windows: z.string().max(2000).nullable() }),
});
export type ClientConfig = z.infer<typeof clientConfigSchema>;

/** The server is up, and which version it runs. */
export const healthSchema = z.object({ status: z.literal('ok'), version: z.string() });

/**
 * Whether the node takes traffic (for load balancers): 200 when ready, 503 with the reasons by part when not (draining
 * before a restart, a database it cannot reach).
 */
export const readinessSchema = z.object({
  ready: z.boolean(),
  reasons: z.record(z.string().max(100), z.string().max(500)),
});

export const meSchema = z.object({
  card: identityCardSchema,
  email: z.string(),
  tenantName: z.string(),
  permissions: z.array(permissionSchema),
  /** Modes this user may offer as a helper; empty for people who cannot give help. */
  helpModes: z.array(modeSchema),
});
export type Me = z.infer<typeof meSchema>;

export const iceServersSchema = z.object({
  iceServers: z.array(
    z.object({
      urls: z.union([z.string(), z.array(z.string())]),
      username: z.string().optional(),
      credential: z.string().optional(),
    }),
  ),
  /** 'relay': peers use only the organisation's TURN relay, so neither learns the other's addresses. */
  iceTransportPolicy: z.enum(['all', 'relay']),
});
export type IceConfig = z.infer<typeof iceServersSchema>;
