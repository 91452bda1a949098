/**
 * Devices and remote launch (spec 3.2, 5.1, 5.2): enrollment tokens and compliance for administrators, enrollment for
 * the person on the device, the device list for readDevices, launches for launchSession, and the device's answer.
 */
import {
  complianceRequestSchema,
  type Device,
  deviceQuerySchema,
  enrollmentTokenRequestSchema,
  enrollRequestSchema,
  launchAnswerSchema,
} from '@remote-help/protocol/devices';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DeviceRegistry } from '../devices/device-registry.ts';
import type { Launches } from '../devices/launches.ts';
import type { Directory } from '../directory/directory.ts';
import type { Presence } from '../domain/notifier.ts';
import type { EnforcePolicy } from '../policies/enforce-policy.ts';
import type { LiveSessions } from '../sessions/live-sessions.ts';
import type { AuthenticatedUser, makeRequirePermission } from './authenticate.ts';
import { parseRequest } from './error-replies.ts';

export interface DeviceRouteDeps {
  devices: DeviceRegistry;
  directory: Directory;
  launches: Launches;
  sessions: LiveSessions;
  presence: Presence;
  enforcePolicy: EnforcePolicy;
  authenticate: (req: FastifyRequest) => Promise<AuthenticatedUser>;
  requirePermission: ReturnType<typeof makeRequirePermission>;
}

const parse = parseRequest;

export function registerDeviceRoutes(app: FastifyInstance, deps: DeviceRouteDeps): void {
  const { devices, launches, requirePermission } = deps;
  const online = (id: string) => deps.presence.deviceOnline(id);

  app.post('/api/devices/enrollment-tokens', async (req, reply) => {
    const admin = await requirePermission(req, 'manageRemoteHelp');
    const request = parse(enrollmentTokenRequestSchema, req.body ?? {});
    reply.code(201).header('cache-control', 'no-store');
    return devices.createToken(admin, request);
  });

  app.post('/api/devices/enroll', async (req, reply) => {
    const user = await deps.authenticate(req);
    const enrolled = await devices.enroll(user, parse(enrollRequestSchema, req.body));
    reply.code(201).header('cache-control', 'no-store');
    return enrolled;
  });

  app.get('/api/devices', async (req) => {
    const user = await requirePermission(req, 'readDevices');
    const scope = await deps.directory.readScope(user.id, 'readDevices');
    return { devices: await devices.list(user.tenantId, scope, parse(deviceQuerySchema, req.query), online) };
  });

  app.get<{ Params: { id: string } }>('/api/devices/:id', async (req): Promise<Device> => {
    const user = await requirePermission(req, 'readDevices');
    return devices.get(user.tenantId, await deps.directory.readScope(user.id, 'readDevices'), req.params.id, online);
  });

  app.put<{ Params: { id: string } }>('/api/devices/:id/compliance', async (req, reply) => {
    const admin = await requirePermission(req, 'manageRemoteHelp');
    const { compliance } = parse(complianceRequestSchema, req.body);
    await devices.setCompliance(admin, req.params.id, compliance);
    reply.code(204);
  });

  app.post<{ Params: { id: string } }>('/api/devices/:id/launch', async (req, reply) => {
    const helper = await requirePermission(req, 'launchSession');
    await deps.enforcePolicy(helper, 'helpers', req.ip);
    const device = await devices.find(helper.tenantId, req.params.id);
    reply.code(201);
    return launches.send(helper, device);
  });

  /** The person at the device answers; the app proves which device it is with its credential. */
  async function answer(req: FastifyRequest) {
    const sharer = await deps.authenticate(req);
    const { device: credential } = parse(launchAnswerSchema, req.body);
    return { sharer, device: await devices.verify(credential, sharer.tenantId) };
  }

  app.post<{ Params: { id: string } }>('/api/launches/:id/accept', async (req) => {
    const { sharer, device } = await answer(req);
    await deps.enforcePolicy(sharer, 'sharers', req.ip);
    const { session, launchId } = await launches.accept(sharer, req.params.id, device);
    deps.sessions.open(session, sharer.tenantId, { launchId });
    return { session };
  });

  app.post<{ Params: { id: string } }>('/api/launches/:id/decline', async (req, reply) => {
    const { sharer, device } = await answer(req);
    await launches.decline(sharer, req.params.id, device);
    reply.code(204);
  });
}
