/** The JSON API. Every body is parsed with the shared schemas; every error has a stable code. */
import { type AgentGrantResponse, agentGrantRequestSchema } from '@remote-help/protocol/agent';
import type { ClientConfig, IceConfig, Me } from '@remote-help/protocol/app-api';
import { redeemRequestSchema } from '@remote-help/protocol/pairing';
import { type TenantSettings, tenantSettingsSchema } from '@remote-help/protocol/settings';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AgentGrants } from '../agent-grants/agent-grants.ts';
import type { DeviceRegistry } from '../devices/device-registry.ts';
import { cardFor, type Directory, modesFor } from '../directory/directory.ts';
import type { PairingService } from '../pairing/pairing-service.ts';
import type { EnforcePolicy } from '../policies/enforce-policy.ts';
import type { SettingsStore } from '../policies/settings-store.ts';
import type { LiveSessions } from '../sessions/live-sessions.ts';
import type { makeAuthenticate, makeRequirePermission } from './authenticate.ts';
import { parseRequest } from './error-replies.ts';

export interface RouteDeps {
  version: string;
  clientConfig: ClientConfig;
  directory: Directory;
  pairing: PairingService;
  sessions: LiveSessions;
  iceConfig: (userId: string) => IceConfig;
  agentGrants: AgentGrants;
  enforcePolicy: EnforcePolicy;
  settings: SettingsStore;
  authenticate: ReturnType<typeof makeAuthenticate>;
  requirePermission: ReturnType<typeof makeRequirePermission>;
  devices: DeviceRegistry;
}

const parse = parseRequest;

export function registerRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { directory, pairing, authenticate } = deps;

  app.get('/healthz', async () => ({ status: 'ok', version: deps.version }));

  app.get('/api/config', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    return deps.clientConfig;
  });

  app.get('/api/me', async (req): Promise<Me> => {
    const user = await authenticate(req);
    const permissions = await directory.permissionsOf(user.id);
    return {
      card: cardFor(user),
      email: user.email,
      tenantName: user.tenantName,
      permissions,
      helpModes: modesFor(permissions),
    };
  });

  app.post('/api/codes', async (req, reply) => {
    const user = await authenticate(req);
    await deps.enforcePolicy(user, 'helpers', req.ip);
    reply.code(201);
    return pairing.createCode(user);
  });

  app.get('/api/sessions', async (req) => {
    const user = await authenticate(req);
    return { sessions: deps.sessions.activeFor(user.id) };
  });

  app.get('/api/ice-servers', async (req, reply) => {
    const user = await authenticate(req);
    reply.header('cache-control', 'no-store');
    return deps.iceConfig(user.id);
  });

  app.delete<{ Params: { code: string } }>('/api/codes/:code', async (req, reply) => {
    const user = await authenticate(req);
    await pairing.cancelCode(user, req.params.code);
    reply.code(204);
  });

  /** The tenant's settings (spec 5.3): administrators (manageRemoteHelp) read and change them. */
  const administrator = (req: FastifyRequest) => deps.requirePermission(req, 'manageRemoteHelp');

  app.get('/api/settings', async (req): Promise<TenantSettings> => {
    const user = await administrator(req);
    return deps.settings.get(user.tenantId);
  });

  app.put('/api/settings', async (req): Promise<TenantSettings> => {
    const user = await administrator(req);
    const settings = parse(tenantSettingsSchema, req.body);
    await deps.settings.set(user.tenantId, settings, user.id);
    return settings;
  });

  /** The public key set agents check grants against. */
  app.get('/api/agent/jwks', async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return deps.agentGrants.jwks();
  });

  app.post<{ Params: { id: string } }>(
    '/api/sessions/:id/agent-grant',
    async (req, reply): Promise<AgentGrantResponse> => {
      const user = await authenticate(req);
      const request = parse(agentGrantRequestSchema, req.body);
      const { token, expiresAt } = await deps.sessions.grantControl(user.id, req.params.id, request, (modes) =>
        deps.agentGrants.issue({ sessionId: req.params.id, device: request.device, modes }),
      );
      reply.header('cache-control', 'no-store');
      return { token, expiresAt };
    },
  );

  app.post('/api/codes/redeem', async (req) => {
    const user = await authenticate(req);
    await deps.enforcePolicy(user, 'sharers', req.ip);
    const { code, device: credential } = parse(redeemRequestSchema, req.body);
    // A credential that no longer proves a device (removed, or another organisation's) counts as unenrolled.
    const device = credential ? await deps.devices.verify(credential, user.tenantId) : undefined;
    const { session, code: spent } = await pairing.redeem(user, code, req.ip, device);
    deps.sessions.open(session, user.tenantId, { code: spent });
    return { session };
  });
}
