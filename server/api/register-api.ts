/**
 * The JSON API: every route of the protocol's table (@remote-help/protocol/http-api), one routes file per domain. A
 * route reads its caller (authenticate.ts), calls a domain service and answers; refusals become error replies
 * (error-replies.ts).
 */
import type { ClientConfig, IceConfig } from '@remote-help/protocol/app-api';
import type { FastifyInstance } from 'fastify';
import type { AdminService } from '../admin/admin-service.ts';
import type { AgentGrants } from '../agent-grants/agent-grants.ts';
import type { ControlGrants } from '../agent-grants/control-grants.ts';
import type { ServerConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { DeviceRegistry } from '../devices/device-registry.ts';
import type { Launches } from '../devices/launches.ts';
import type { Directory } from '../directory/directory.ts';
import type { Presence } from '../domain/notifier.ts';
import type { TokenVerifier } from '../identity/verify-token.ts';
import type { Readiness } from '../ops/readiness.ts';
import type { PairingService } from '../pairing/pairing-service.ts';
import type { EnforcePolicy } from '../policies/enforce-policy.ts';
import type { SettingsStore } from '../policies/settings-store.ts';
import type { LiveSessions } from '../sessions/live-sessions.ts';
import { registerAdminRoutes } from './admin-routes.ts';
import { registerAgentRoutes } from './agent-routes.ts';
import { registerAppRoutes } from './app-routes.ts';
import { type Callers, makeAuthenticate, makeRequirePermission } from './authenticate.ts';
import { registerDeviceRoutes } from './device-routes.ts';
import { registerOperationsRoutes } from './operations-routes.ts';
import { registerPairingRoutes } from './pairing-routes.ts';
import { registerReportRoutes } from './report-routes.ts';
import { registerSessionRoutes } from './session-routes.ts';
import { registerSettingsRoutes } from './settings-routes.ts';

export interface ApiDeps {
  config: Pick<ServerConfig, 'agentWindows'>;
  version: string;
  clientConfig: ClientConfig;
  verifier: TokenVerifier;
  db: Database;
  directory: Directory;
  admin: AdminService;
  pairing: PairingService;
  sessions: LiveSessions;
  iceConfig: (userId: string) => IceConfig;
  agentGrants: AgentGrants;
  controlGrants: ControlGrants;
  settings: SettingsStore;
  enforcePolicy: EnforcePolicy;
  devices: DeviceRegistry;
  launches: Launches;
  presence: Presence;
  readiness: Readiness;
}

export function registerApi(app: FastifyInstance, deps: ApiDeps): void {
  const authenticate = makeAuthenticate(deps.verifier, deps.directory);
  const callers: Callers = { authenticate, requirePermission: makeRequirePermission(authenticate, deps.directory) };
  const { directory, sessions, devices, enforcePolicy } = deps;

  registerAppRoutes(app, { version: deps.version, clientConfig: deps.clientConfig, directory, callers });
  registerOperationsRoutes(app, deps.readiness);
  registerPairingRoutes(app, { pairing: deps.pairing, sessions, devices, enforcePolicy, callers });
  registerSessionRoutes(app, { sessions, iceConfig: deps.iceConfig, controlGrants: deps.controlGrants, callers });
  registerAgentRoutes(app, { config: deps.config, agentGrants: deps.agentGrants });
  registerSettingsRoutes(app, { settings: deps.settings, callers });
  registerReportRoutes(app, { db: deps.db, directory, callers });
  registerAdminRoutes(app, { admin: deps.admin, callers });
  registerDeviceRoutes(app, {
    devices,
    directory,
    launches: deps.launches,
    sessions,
    presence: deps.presence,
    enforcePolicy,
    callers,
  });
}
