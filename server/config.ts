/** Server configuration from the environment, with defaults that run a complete development system. */
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_AGENT_PORT } from '@remote-help/protocol/agent';
import { LINK_TIMEOUT_MS } from '@remote-help/protocol/session-negotiation';
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_ORIGIN: z.string().url().optional(),
  /**
   * The reverse proxies in front of the server, whose X-Forwarded-For is believed (Fastify's trustProxy): addresses,
   * CIDR ranges, or loopback/linklocal/uniquelocal, comma-separated. Unset: no proxy is trusted.
   */
  TRUST_PROXY: z.string().optional(),
  DATA_DIR: z.string().default('data'),
  /**
   * PostgreSQL (postgres://user:password@host:port/database) shared by every node of a cluster. Unset: the SQLite file
   * remote-help.sqlite in DATA_DIR, for one node with no database service to run.
   */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// (or postgresql://) URL')
    .optional(),
  /**
   * Secret keys kept outside the database (the codes' and the audit chain's HMAC keys, the agent-grant signing key,
   * the development provider's keys); by default in DATA_DIR. Every node of a cluster must be given the same KEYS_DIR
   * (a shared, private mount), so a code made on one node is redeemed on another and their grants and tokens agree.
   */
  KEYS_DIR: z.string().optional(),
  /** The append-only file of the audit chain's signed checkpoints; put it where the database's writers cannot. */
  AUDIT_CHECKPOINT_FILE: z.string().optional(),
  AUDIT_CHECKPOINT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** The built app to serve; `npm run build` writes it to dist/. */
  STATIC_DIR: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CODE_TTL_SECONDS: z.coerce.number().int().min(1).max(3600).default(600),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  REDEEM_FAILURES_PER_USER: z.coerce.number().int().min(1).default(5),
  REDEEM_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(100),
  REDEEM_LOCK_MINUTES: z.coerce.number().int().min(1).default(10),
  MIN_CLIENT_VERSION: z.string().default('0.1.0'),
  /** The port sharers' control agents listen on (on their own machines), told to the app. */
  AGENT_PORT: z.coerce.number().int().min(1).max(65535).default(DEFAULT_AGENT_PORT),
  /** The Windows agent this server hands out (`npm run build:agent-windows` writes it here); offered if present. */
  AGENT_WINDOWS_EXE: z.string().default('agent/dist/remote-help-agent.exe'),
  /** Or where sharers download it instead (your software portal, a CDN); wins over AGENT_WINDOWS_EXE. */
  AGENT_WINDOWS_DOWNLOAD_URL: z.string().url().optional(),
  /** How long a member's socket may be gone before the session ends: by default the clients' own link limit. */
  SESSION_GRACE_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(600)
    .default(LINK_TIMEOUT_MS / 1000),
  SESSION_CLOSING_SECONDS: z.coerce.number().int().min(1).max(60).default(5),
  /** JSON list of RTCIceServer entries, e.g. [{"urls":"stun:stun.example.com"},{"urls":"turn:turn.example.com"}]. */
  ICE_SERVERS: z.string().default('[]'),
  /** Shared secret of a TURN server using time-limited credentials (coturn's use-auth-secret). */
  TURN_SECRET: z.string().optional(),
  TURN_TTL_SECONDS: z.coerce.number().int().min(60).default(3600),
  /** 'relay' sends all media and chat through the TURN relay (no peer learns another's address); needs a turn: URL. */
  ICE_TRANSPORT_POLICY: z.enum(['all', 'relay']).default('all'),
  // Production identity (Entra ID or any OpenID Connect provider). When AUTH_ISSUER is unset the embedded
  // development provider is used instead.
  AUTH_ISSUER: z.string().url().optional(),
  AUTH_JWKS_URI: z.string().url().optional(),
  AUTH_AUDIENCE: z.string().optional(),
  AUTH_REQUIRED_SCOPE: z.string().optional(),
  AUTH_CLIENT_ID: z.string().optional(),
  AUTH_AUTHORITY: z.string().url().optional(),
  AUTH_API_SCOPE: z.string().optional(),
  AUTH_PROTOCOL: z.enum(['AAD', 'OIDC']).default('AAD'),
  DEV_IDP_PASSWORD: z.string().min(1).default('remotehelp'),
  /** How long the development provider's access tokens live (short ones exercise the app's token refresh). */
  DEV_IDP_TOKEN_SECONDS: z.coerce.number().int().min(5).max(86_400).default(3600),
  /** Prometheus metrics at /metrics on this port (bound to HOST), never on the public one; off when unset. */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** This node's name in every log line and metric; by default the machine's host name. */
  NODE_NAME: z.string().min(1).optional(),
  /** How long a draining node (SIGTERM) spreads the closing of its sockets over. */
  DRAIN_SECONDS: z.coerce.number().min(0).max(300).default(5),
  /** How often each socket is pinged; one that has not answered the previous ping by the next is closed. */
  SOCKET_PING_SECONDS: z.coerce.number().min(0.1).max(300).default(20),
  /** Cluster mode: the Redis 7 every node shares (redis:// or rediss://). Unset: one node, everything in process. */
  REDIS_URL: z
    .string()
    .url()
    .refine((u) => /^rediss?:\/\//.test(u), 'REDIS_URL must start with redis:// or rediss://')
    .optional(),
});

export interface IdentityConfig {
  issuer: string;
  jwksUri: string;
  audience: string;
  /** Scope the access token must carry (in `scope` or `scp`). */
  requiredScope: string;
  clientId: string;
  authority: string;
  apiScope: string;
  protocolMode: 'AAD' | 'OIDC';
}

export interface ServerConfig {
  port: number;
  host: string;
  publicOrigin: string;
  /** Addresses and ranges of trusted reverse proxies; empty trusts none. */
  trustProxy: string[];
  dataDir: string;
  /** PostgreSQL's address when the data lives there; undefined: SQLite in dataDir. */
  databaseUrl?: string;
  keysDir: string;
  auditCheckpointFile: string;
  auditCheckpointSeconds: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  codeTtlSeconds: number;
  rateLimitPerMinute: number;
  redeemFailuresPerUser: number;
  redeemFailuresPerAddress: number;
  redeemLockMinutes: number;
  minClientVersion: string;
  agentPort: number;
  /** The Windows agent's download: a file this server serves, or an address elsewhere. */
  agentWindows: { exe: string; downloadUrl?: string };
  staticDir?: string;
  sessionGraceSeconds: number;
  sessionClosingSeconds: number;
  iceServers: { urls: string | string[]; username?: string; credential?: string }[];
  turn?: { secret: string; ttlSeconds: number };
  iceTransportPolicy: 'all' | 'relay';
  identity: IdentityConfig;
  /** Present when the embedded development identity provider serves sign-in. */
  devIdp?: { password: string; tokenSeconds: number };
  metricsPort?: number;
  nodeName: string;
  drainSeconds: number;
  socketPingSeconds: number;
  /** Set in cluster mode: the nodes' shared Redis. */
  redisUrl?: string;
}

export const DEV_IDP_PATH = '/dev-idp';
export const DEV_CLIENT_ID = 'remote-help-spa';
export const DEV_AUDIENCE = 'api://remote-help';
export const DEV_SCOPE = 'remote-help';

const iceServersSchema = z.array(
  z.object({
    urls: z.union([z.string(), z.array(z.string())]),
    username: z.string().optional(),
    credential: z.string().optional(),
  }),
);

const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** TRUST_PROXY's entries, each checked, so a typo stops the server instead of trusting the wrong hosts. */
export function parseTrustProxy(value: string | undefined): string[] {
  const entries = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address = '', prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    const bits = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
    if (!PROXY_RANGE_NAMES.has(entry) && (family === 0 || !prefixOk || rest.length > 0)) {
      throw new Error(
        `TRUST_PROXY has "${entry}", which is not an address, a CIDR range or one of loopback, linklocal, uniquelocal.`,
      );
    }
  }
  return entries;
}

/** Whether an RTCIceServer entry names a TURN relay (as opposed to STUN only). */
export function isTurnServer(server: { urls: string | string[] }): boolean {
  return (Array.isArray(server.urls) ? server.urls : [server.urls]).some((u) => u.startsWith('turn'));
}

/** Loopback names and addresses, as a listener's host or a URL's hostname (which keeps IPv6 in brackets). */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const e = envSchema.parse(env);
  const publicOrigin = (e.PUBLIC_ORIGIN ?? `http://127.0.0.1:${e.PORT}`).replace(/\/$/, '');
  const base = {
    port: e.PORT,
    host: e.HOST,
    publicOrigin,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    keysDir: resolve(e.KEYS_DIR ?? e.DATA_DIR),
    auditCheckpointFile: resolve(e.AUDIT_CHECKPOINT_FILE ?? join(e.DATA_DIR, 'audit-checkpoints.jsonl')),
    auditCheckpointSeconds: e.AUDIT_CHECKPOINT_SECONDS,
    logLevel: e.LOG_LEVEL,
    codeTtlSeconds: e.CODE_TTL_SECONDS,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    redeemFailuresPerUser: e.REDEEM_FAILURES_PER_USER,
    redeemFailuresPerAddress: e.REDEEM_FAILURES_PER_ADDRESS,
    redeemLockMinutes: e.REDEEM_LOCK_MINUTES,
    minClientVersion: e.MIN_CLIENT_VERSION,
    agentPort: e.AGENT_PORT,
    agentWindows: { exe: resolve(e.AGENT_WINDOWS_EXE), downloadUrl: e.AGENT_WINDOWS_DOWNLOAD_URL },
    staticDir: e.STATIC_DIR ? resolve(e.STATIC_DIR) : undefined,
    sessionGraceSeconds: e.SESSION_GRACE_SECONDS,
    sessionClosingSeconds: e.SESSION_CLOSING_SECONDS,
    iceServers: iceServersSchema.parse(JSON.parse(e.ICE_SERVERS)),
    turn: e.TURN_SECRET ? { secret: e.TURN_SECRET, ttlSeconds: e.TURN_TTL_SECONDS } : undefined,
    iceTransportPolicy: e.ICE_TRANSPORT_POLICY,
    metricsPort: e.METRICS_PORT,
    nodeName: e.NODE_NAME ?? hostname(),
    drainSeconds: e.DRAIN_SECONDS,
    socketPingSeconds: e.SOCKET_PING_SECONDS,
    redisUrl: e.REDIS_URL,
  };
  // Nodes sharing Redis but each keeping its own SQLite file would each hold a different truth (codes, sessions,
  // lock-outs): a cluster needs the shared database.
  if (base.redisUrl !== undefined && base.databaseUrl === undefined) {
    throw new Error(
      'REDIS_URL is set but DATABASE_URL is not: a cluster (REDIS_URL) needs the PostgreSQL database its nodes share. Set DATABASE_URL too, or unset REDIS_URL to run one node on SQLite.',
    );
  }
  if (base.iceTransportPolicy === 'relay' && !base.iceServers.some(isTurnServer)) {
    throw new Error('ICE_TRANSPORT_POLICY=relay needs a TURN server in ICE_SERVERS (a "turn:" or "turns:" URL).');
  }
  if (e.AUTH_ISSUER) {
    const missing = (['AUTH_JWKS_URI', 'AUTH_AUDIENCE', 'AUTH_CLIENT_ID', 'AUTH_API_SCOPE'] as const).filter(
      (k) => !e[k],
    );
    if (missing.length) throw new Error(`AUTH_ISSUER is set, so these are needed too: ${missing.join(', ')}`);
    const apiScope = e.AUTH_API_SCOPE as string;
    return {
      ...base,
      identity: {
        issuer: e.AUTH_ISSUER,
        jwksUri: e.AUTH_JWKS_URI as string,
        audience: e.AUTH_AUDIENCE as string,
        requiredScope: e.AUTH_REQUIRED_SCOPE ?? apiScope.split('/').pop() ?? apiScope,
        clientId: e.AUTH_CLIENT_ID as string,
        authority: e.AUTH_AUTHORITY ?? e.AUTH_ISSUER.replace(/\/v2\.0\/?$/, ''),
        apiScope,
        protocolMode: e.AUTH_PROTOCOL,
      },
    };
  }
  // The development provider signs anyone in with a shared password and lets people declare their own second factor:
  // it must never be reachable off this machine — not through the listener, nor through a proxy in front of it.
  const refuse = (setting: string, value: string) =>
    new Error(
      `The development identity provider only runs on loopback, but ${setting} is ${value}. Configure AUTH_ISSUER (and the other AUTH_* settings) for a real identity provider, or set ${setting} to a loopback address.`,
    );
  if (!isLoopback(e.HOST)) throw refuse('HOST', e.HOST);
  if (!isLoopback(new URL(publicOrigin).hostname)) throw refuse('PUBLIC_ORIGIN', publicOrigin);
  const issuer = `${publicOrigin}${DEV_IDP_PATH}`;
  return {
    ...base,
    identity: {
      issuer,
      jwksUri: `${issuer}/jwks`,
      audience: DEV_AUDIENCE,
      requiredScope: DEV_SCOPE,
      clientId: DEV_CLIENT_ID,
      // MSAL accepts only https authorities; the metadata we hand it points at the real http endpoints.
      authority: issuer.replace(/^http:/, 'https:'),
      apiScope: DEV_SCOPE,
      protocolMode: 'OIDC',
    },
    devIdp: { password: e.DEV_IDP_PASSWORD, tokenSeconds: e.DEV_IDP_TOKEN_SECONDS },
  };
}
