/**
 * Devices and remote launch (spec 3.2, 5.1, 5.2): enrollment tokens and compliance for administrators, enrollment for
 * the person on the device, the device list for readDevices, launches for launchSession, and the device's answer.
 */
import type { DeviceCredential } from '@remote-help/protocol/domain';
import { HTTP_API } from '@remote-help/protocol/http-api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DeviceRegistry } from '../devices/device-registry.ts';
import type { Launches } from '../devices/launches.ts';
import type { Directory } from '../directory/directory.ts';
import type { Presence } from '../domain/notifier.ts';
import type { EnforcePolicy } from '../policies/enforce-policy.ts';
import type { LiveSessions } from '../sessions/live-sessions.ts';
import type { Callers } from './authenticate.ts';
import { serve } from './endpoint.ts';

export interface DeviceRouteDeps {
  devices: DeviceRegistry;
  directory: Directory;
  launches: Launches;
  sessions: LiveSessions;
  presence: Presence;
  enforcePolicy: EnforcePolicy;
  callers: Callers;
}

const API = HTTP_API.devices;

export function registerDeviceRoutes(app: FastifyInstance, deps: DeviceRouteDeps): void {
  const { devices, launches, callers } = deps;
  const online = (id: string) => deps.presence.deviceOnline(id);

  serve(app, API.createEnrollmentToken, async ({ req, reply, body }) => {
    const admin = await callers.requirePermission(req, 'manageRemoteHelp');
    const request = body();
    reply.header('cache-control', 'no-store');
    return devices.createToken(admin, request);
  });

  serve(app, API.enroll, async ({ req, reply, body }) => {
    const user = await callers.authenticate(req);
    const enrolled = await devices.enroll(user, body());
    reply.header('cache-control', 'no-store');
    return enrolled;
  });

  serve(app, API.list, async ({ req, query }) => {
    const user = await callers.requirePermission(req, 'readDevices');
    const scope = await deps.directory.readScope(user.id, 'readDevices');
    return { devices: await devices.list(user.tenantId, scope, query(), online) };
  });

  serve(app, API.get, async ({ req, params }) => {
    const user = await callers.requirePermission(req, 'readDevices');
    return devices.get(user.tenantId, await deps.directory.readScope(user.id, 'readDevices'), params.id, online);
  });

  serve(app, API.setCompliance, async ({ req, params, body }) => {
    const admin = await callers.requirePermission(req, 'manageRemoteHelp');
    const { compliance } = body();
    await devices.setCompliance(admin, params.id, compliance);
  });

  serve(app, API.launch, async ({ req, params }) => {
    const helper = await callers.requirePermission(req, 'launchSession');
    await deps.enforcePolicy(helper, 'helpers', req.ip);
    const device = await devices.find(helper.tenantId, params.id);
    return launches.send(helper, device);
  });

  /** The person at the device answers; the app proves which device it is with its credential. */
  async function answer(req: FastifyRequest, body: () => { device: DeviceCredential }) {
    const sharer = await callers.authenticate(req);
    const { device: credential } = body();
    return { sharer, device: await devices.verify(credential, sharer.tenantId) };
  }

  serve(app, API.acceptLaunch, async ({ req, params, body }) => {
    const { sharer, device } = await answer(req, body);
    await deps.enforcePolicy(sharer, 'sharers', req.ip);
    const { session, launchId } = await launches.accept(sharer, params.id, device);
    deps.sessions.open(session, sharer.tenantId, { launchId });
    return { session };
  });

  serve(app, API.declineLaunch, async ({ req, params, body }) => {
    const { sharer, device } = await answer(req, body);
    await launches.decline(sharer, params.id, device);
  });
}
