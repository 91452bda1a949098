/** Builds the whole server: database, directory, identity, API, WebSocket and the built app, on one HTTP server. */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import websocket from '@fastify/websocket';
import { type ClientConfig, MAX_API_BODY_BYTES } from '@remote-help/protocol/app-api';
import { HTTP_API } from '@remote-help/protocol/http-api';
import { SOCKET_CLOSE } from '@remote-help/protocol/socket';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import helmetHeaders from 'helmet';
import type { JWTVerifyGetKey } from 'jose';
import { AdminService } from './admin/admin-service.ts';
import { AdminStore } from './admin/admin-store.ts';
import { AgentGrants } from './agent-grants/agent-grants.ts';
import { ControlGrants } from './agent-grants/control-grants.ts';
import { watchGrantKeys } from './agent-grants/grant-keys.ts';
import { windowsAgentDownload } from './api/agent-routes.ts';
import { errorBody, replyToError } from './api/error-replies.ts';
import { registerApi } from './api/register-api.ts';
import { securityHeaderOptions } from './api/security-headers.ts';
import { loadOrCreateAuditKeys } from './audit/audit-keys.ts';
import { AuditLog } from './audit/audit-log.ts';
import { AuditCheckpoints } from './audit/checkpoints.ts';
import { RETENTION_INTERVAL_MS, startRetention } from './audit/retention.ts';
import { forgetOnInvalidation, openSharedState } from './cluster/shared-state.ts';
import { DEV_IDP_PATH, type ServerConfig } from './config.ts';
import { type Database, openConfiguredDatabase } from './db/database.ts';
import { watchDatabase } from './db/unreachable.ts';
import { DeviceRegistry } from './devices/device-registry.ts';
import { Launches } from './devices/launches.ts';
import { Directory } from './directory/directory.ts';
import { systemClock } from './domain/clock.ts';
import { Refusal } from './domain/refusal.ts';
import { makeDevIdp, type NodeHandler } from './identity/dev-idp.ts';
import { makeTokenVerifier } from './identity/verify-token.ts';
import { loadOrCreateSecretKey } from './keys/secret-key.ts';
import { serializeRequest } from './logging/log-serializers.ts';
import { drain } from './ops/drain.ts';
import { Metrics } from './ops/metrics.ts';
import { type MetricsServer, serveMetrics } from './ops/metrics-server.ts';
import { Readiness } from './ops/readiness.ts';
import { DatabaseLockout } from './pairing/database-lockout.ts';
import { RedeemLockout } from './pairing/lockout.ts';
import { PairingService } from './pairing/pairing-service.ts';
import { makeEnforcePolicy } from './policies/enforce-policy.ts';
import { SettingsStore } from './policies/settings-store.ts';
import { iceConfigFor } from './sessions/ice-servers.ts';
import { LiveSessions } from './sessions/live-sessions.ts';
import { startClusterDelivery } from './ws/cluster/cluster-delivery.ts';
import { Connections } from './ws/connections.ts';
import { startHeartbeat } from './ws/heartbeat.ts';
import { PersonLimits } from './ws/person-limits.ts';
import { runSessionMessage } from './ws/session-messages.ts';
import { serveSocket } from './ws/socket-connection.ts';

const ROOT = resolve(import.meta.dirname, '..');
export const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** How long a cluster node waits at start to learn who is online before it reloads live sessions. */
const CLUSTER_SYNC_WAIT_MS = 5000;

export interface AppOptions {
  now?: () => number;
  /** Where verification keys come from; by default the identity provider's JWKS. */
  keys?: JWTVerifyGetKey;
  staticDir?: string;
  /** Where the JSON log lines go; standard output by default. */
  logStream?: { write(line: string): void };
}

export interface App {
  fastify: FastifyInstance;
  sessions: LiveSessions;
  db: Database;
  directory: Directory;
  /** Whether the node takes traffic; parts report into it. */
  readiness: Readiness;
  /** Where the metrics are served, when METRICS_PORT is set. */
  metricsServer?: MetricsServer;
  /** Leaves service and closes every socket with "service restart", spread over DRAIN_SECONDS (SIGTERM). */
  drain(): Promise<void>;
}

function clientConfigFor(config: ServerConfig): ClientConfig {
  const id = config.identity;
  const dev = Boolean(config.devIdp);
  return {
    version: VERSION,
    minClientVersion: config.minClientVersion,
    auth: {
      clientId: id.clientId,
      authority: id.authority,
      knownAuthorities: [new URL(id.authority).host],
      authorityMetadata: dev
        ? JSON.stringify({
            issuer: id.issuer,
            authorization_endpoint: `${id.issuer}/auth`,
            token_endpoint: `${id.issuer}/token`,
            end_session_endpoint: `${id.issuer}/session/end`,
            jwks_uri: id.jwksUri,
          })
        : undefined,
      protocolMode: id.protocolMode,
      // Refresh tokens come with offline_access. The development provider issues them without it: it drops the scope
      // from sign-in (oidc-provider keeps it only with prompt=consent) and then refuses refreshes that ask for it.
      scopes: dev ? [id.apiScope] : [id.apiScope, 'offline_access'],
    },
    developmentIdentity: dev,
    agentPort: config.agentPort,
    agentDownloads: { windows: windowsAgentDownload(config) },
  };
}

/** How often readiness asks the database whether it answers. */
const DATABASE_PROBE_MS = 2_000;

export async function buildApp(config: ServerConfig, options: AppOptions = {}): Promise<App> {
  const now = options.now ?? Date.now;
  /** Other nodes share the database and Redis: state that would live in this process is shared instead. */
  const cluster = config.redisUrl !== undefined;
  const db = await openConfiguredDatabase(config);
  // Whether cached directory answers can be trusted: set below, once the shared state is open; until then (start-up,
  // before any request) the node is alone.
  let cacheTrusted = () => true;
  const directory = new Directory(db, () => cacheTrusted());
  if (config.devIdp) await directory.seed();
  const devIdp: NodeHandler | undefined = config.devIdp ? await makeDevIdp(config, directory, db) : undefined;
  // The provider's own pages (errors, sign-out) get the app's headers; its sign-in page narrows the policy further.
  const devIdpHeaders = helmetHeaders(securityHeaderOptions(config));

  const fastify = Fastify({
    // One JSON object per line, each request's lines sharing its reqId; credentials are never written.
    logger: {
      level: config.logLevel,
      // Each line names its node, so a cluster's logs can be told apart once gathered in one place.
      base: { pid: process.pid, hostname: hostname(), node: config.nodeName },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      serializers: { req: serializeRequest },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    bodyLimit: MAX_API_BODY_BYTES,
    // What the router refuses before any route (a path parameter over 100 characters, a URL that does not decode) is
    // answered like any other refusal, not with Fastify's own body (which repeated the URL, codes and all).
    frameworkErrors: (error, req, reply) => replyToError(error, req, reply),
    // Behind a reverse proxy the client's address comes from X-Forwarded-For, believed only from the named proxies:
    // lock-out, rate limits and conditional access all use req.ip.
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    // The development identity provider is its own (Koa) application; it gets its requests before Fastify does.
    serverFactory: (handler) =>
      createServer((req, res) => {
        const url = req.url ?? '/';
        if (devIdp && (url === DEV_IDP_PATH || url.startsWith(`${DEV_IDP_PATH}/`))) {
          devIdpHeaders(req, res, () => devIdp(req, res));
        } else handler(req, res);
      }),
  });

  const readiness = new Readiness();
  const shared = openSharedState(config, fastify.log, readiness);
  cacheTrusted = () => shared.invalidations.listening();

  const auditKeys = loadOrCreateAuditKeys(config.keysDir);
  const audit = await AuditLog.open(db, auditKeys, now);
  const checkpoints = await AuditCheckpoints.open({
    db,
    audit,
    keys: auditKeys,
    file: config.auditCheckpointFile,
    log: (checkpoint) => fastify.log.info({ auditCheckpoint: checkpoint }, 'audit checkpoint'),
    now,
    node: config.nodeName,
  });
  const settings = new SettingsStore(db, audit, now, shared.invalidations);
  forgetOnInvalidation(shared.invalidations, directory, settings);
  const lockoutPolicy = {
    perUser: config.redeemFailuresPerUser,
    perAddress: config.redeemFailuresPerAddress,
    windowMs: config.redeemLockMinutes * 60_000,
    lockMs: config.redeemLockMinutes * 60_000,
  };
  // A node of a cluster (REDIS_URL) reads failures from the shared database, wherever they were made; one process
  // alone also keeps them in memory.
  const lockout = cluster
    ? new DatabaseLockout(db, lockoutPolicy, now)
    : await RedeemLockout.open(db, lockoutPolicy, now);
  const pairing = new PairingService({
    db,
    directory,
    audit,
    lockout,
    codeTtlSeconds: config.codeTtlSeconds,
    codeKey: loadOrCreateSecretKey(config.keysDir, 'code-hmac'),
    settings,
    now,
  });
  // Who is connected over the socket here. Alone, they are everyone: the domain's notifier and presence. In a cluster
  // (REDIS_URL) notices and presence cross the nodes through Redis, and this node's sockets are its share.
  const connections = new Connections();
  const delivery = config.redisUrl
    ? startClusterDelivery(connections, {
        url: config.redisUrl,
        nodeName: config.nodeName,
        log: fastify.log,
        readiness,
      })
    : undefined;
  // Sessions reloaded below start a grace period for members who look offline: know who is online first, unless
  // Redis is away (then readiness stays off, and presence news corrects the grace periods when it is back).
  if (delivery)
    await Promise.race([delivery.synced(), new Promise((r) => setTimeout(r, CLUSTER_SYNC_WAIT_MS).unref())]);
  const notifier = delivery?.notifier ?? connections;
  const presence = delivery?.presence ?? connections;
  const sessions = new LiveSessions({
    db,
    audit,
    settings,
    notifier,
    presence,
    directory,
    graceMs: config.sessionGraceSeconds * 1000,
    closingMs: config.sessionClosingSeconds * 1000,
    log: fastify.log,
    clock: systemClock(now),
    // Each live session's timers run on the node holding its lease: another node takes them over when this one dies.
    lease: { node: config.nodeName },
  });
  // In a cluster a member's socket may be on another node than their session: their messages for it are forwarded
  // to the node that runs it, which follows the channel of each session it runs.
  delivery?.runSessions({
    held: () => sessions.heldIds(),
    onHeld: (listener) => sessions.onHeld(listener),
    run: (userId, message) => runSessionMessage(sessions, userId, message),
  });
  await sessions.load();
  const devices = new DeviceRegistry(db, audit, now);
  const launches = new Launches({ db, audit, directory, settings, notifier, presence, now });
  await launches.load();
  const verifier = makeTokenVerifier(config.identity, options.keys, now);
  await fastify.register(helmet, securityHeaderOptions(config));
  await fastify.register(rateLimit, {
    max: config.rateLimitPerMinute,
    // In a cluster the counters are in Redis: one allowance across all nodes.
    store: shared.rateLimitStore,
    timeWindow: 60_000,
    // The API and the socket are limited; the app's own files are not: installing the app (its service worker
    // precaches every file) would use up a whole office's allowance behind one address.
    allowList: (req) => !req.url.startsWith('/api/') && !req.url.startsWith('/ws'),
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      ...errorBody('rate_limited', `Too many requests. Try again in ${Math.ceil(ctx.ttl / 1000)} s.`),
    }),
  });
  await fastify.register(websocket, { options: { maxPayload: 1024 * 1024 } });

  // Out of service while the database does not answer (PostgreSQL down or unreachable), back in when it does.
  const databaseWatch = watchDatabase(db, DATABASE_PROBE_MS, (problem) => readiness.report('database', problem));
  const metrics =
    config.metricsPort === undefined
      ? undefined
      : new Metrics(config.nodeName, {
          socketsOpen: () => fastify.websocketServer.clients.size,
          liveSessions: () => sessions.liveCount(),
          ...(delivery ? { clusterNotices: () => delivery.notifier.counts() } : {}),
        });

  fastify.setErrorHandler((error: FastifyError | Error, req, reply) => {
    if (error instanceof Refusal) metrics?.refused(error.code);
    return replyToError(error, req, reply);
  });
  if (metrics) {
    fastify.addHook('onResponse', async (req, reply) => {
      if (req.routeOptions.url === HTTP_API.pairing.redeemCode.path && reply.statusCode === 200) metrics.paired();
    });
  }

  // Read again every minute from KEYS_DIR, so a rotation reaches every node without a restart.
  const grantKeys = await watchGrantKeys(config.keysDir, (err) =>
    fastify.log.error({ err }, 'reading the agent-grant keys failed; keeping the previous ones'),
  );
  const agentGrants = new AgentGrants(grantKeys, config.publicOrigin, now);
  registerApi(fastify, {
    config,
    version: VERSION,
    clientConfig: clientConfigFor(config),
    verifier,
    db,
    directory,
    admin: new AdminService({ store: new AdminStore(db), audit, directory, invalidations: shared.invalidations }),
    pairing,
    sessions,
    iceConfig: (userId) => iceConfigFor(config, userId, now()),
    agentGrants,
    controlGrants: new ControlGrants({
      membership: (userId, sessionId) => sessions.membership(userId, sessionId),
      grants: agentGrants,
      audit,
    }),
    settings,
    enforcePolicy: makeEnforcePolicy(settings, audit),
    devices,
    launches,
    presence,
    readiness,
  });

  const limits = new PersonLimits(now);
  const heartbeat = startHeartbeat(config.socketPingSeconds * 1000);
  let draining = false;
  fastify.get('/ws', { websocket: true }, (socket, req) => {
    // A draining node takes no new sockets: the client tries again, and the load balancer sends it elsewhere.
    if (draining) return socket.close(SOCKET_CLOSE.serviceRestart, 'service restart');
    heartbeat.watch(socket);
    serveSocket(socket, {
      verifier,
      directory,
      connections,
      sessions,
      devices,
      launches,
      limits,
      now,
      log: req.log,
      metrics,
      forwardSessionMessage: delivery ? (userId, message) => delivery.sessions.forward(userId, message) : undefined,
    });
  });

  const staticDir = options.staticDir ?? config.staticDir ?? join(ROOT, 'dist');
  if (existsSync(join(staticDir, 'index.html'))) {
    await fastify.register(fastifyStatic, {
      root: staticDir,
      wildcard: true,
      // Source maps stay with whoever built the app (to read error reports); they are never handed out.
      allowedPath: (path) => !path.endsWith('.map'),
      setHeaders: (res, path) => {
        res.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  fastify.setNotFoundHandler((req, reply) => {
    // Client-side routes such as /join get the app; everything else is a plain 404.
    const isPage =
      req.method === 'GET' && !req.url.startsWith('/api/') && (req.headers.accept ?? '').includes('text/html');
    if (isPage && existsSync(join(staticDir, 'index.html'))) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.code(404).send(errorBody('not_found', 'Not found.'));
  });

  // Retention (spec 5.4): prune the audit log and ended sessions now and hourly.
  // In a cluster one node prunes each round: whichever claims it first.
  const retention = startRetention(
    { db, audit, settings, now },
    (err) => fastify.log.error({ err }, 'pruning the audit log and sessions failed'),
    RETENTION_INTERVAL_MS,
    shared.retentionClaim,
  );

  // Signed checkpoints of the audit chain (spec 5.4): now, periodically, and a last one at shutdown.
  const checkpointing = checkpoints.start(config.auditCheckpointSeconds * 1000, (err) =>
    fastify.log.error({ err }, 'writing an audit checkpoint failed'),
  );
  void checkpoints.write().catch((err: unknown) => fastify.log.error({ err }, 'writing an audit checkpoint failed'));

  const metricsServer =
    metrics && config.metricsPort !== undefined
      ? await serveMetrics(metrics.registry, config.metricsPort, config.host)
      : undefined;

  fastify.addHook('onClose', async () => {
    databaseWatch.stop();
    heartbeat.stop();
    await metricsServer?.close();
    sessions.stopTimers();
    await retention.stop();
    grantKeys.stop();
    await checkpointing.stop();
    await delivery?.close();
    await shared.close();
    await db.destroy();
  });
  return {
    fastify,
    db,
    directory,
    sessions,
    readiness,
    metricsServer,
    drain: async () => {
      draining = true;
      await drain(readiness, () => fastify.websocketServer.clients, config.drainSeconds * 1000);
      // Its sockets are gone: the other nodes take over its sessions' timers now, not when the leases run out.
      // Should the database be unreachable, the leases simply run out and the other nodes take over then.
      await sessions
        .handOver()
        .catch((err: unknown) => fastify.log.error({ err }, 'handing session leases over failed'));
    },
  };
}
