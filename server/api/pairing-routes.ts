/** Security codes (spec 3.1, 3.3): helpers make and cancel them; a sharer redeems one into a session. */
import { HTTP_API } from '@remote-help/protocol/http-api';
import type { FastifyInstance } from 'fastify';
import type { DeviceRegistry } from '../devices/device-registry.ts';
import type { PairingService } from '../pairing/pairing-service.ts';
import type { EnforcePolicy } from '../policies/enforce-policy.ts';
import type { LiveSessions } from '../sessions/live-sessions.ts';
import type { Callers } from './authenticate.ts';
import { serve } from './endpoint.ts';

export interface PairingRouteDeps {
  pairing: PairingService;
  sessions: LiveSessions;
  devices: DeviceRegistry;
  enforcePolicy: EnforcePolicy;
  callers: Callers;
}

export function registerPairingRoutes(app: FastifyInstance, deps: PairingRouteDeps): void {
  const { pairing, callers } = deps;

  serve(app, HTTP_API.pairing.createCode, async ({ req }) => {
    const user = await callers.authenticate(req);
    await deps.enforcePolicy(user, 'helpers', req.ip);
    return pairing.createCode(user);
  });

  serve(app, HTTP_API.pairing.cancelCode, async ({ req, params }) => {
    const user = await callers.authenticate(req);
    await pairing.cancelCode(user, params.code);
  });

  serve(app, HTTP_API.pairing.redeemCode, async ({ req, body }) => {
    const user = await callers.authenticate(req);
    await deps.enforcePolicy(user, 'sharers', req.ip);
    const { code, device: credential } = body();
    // A credential that no longer proves a device (removed, or another organisation's) counts as unenrolled.
    const device = credential ? await deps.devices.verify(credential, user.tenantId) : undefined;
    const { session, code: spent } = await pairing.redeem(user, code, req.ip, device);
    deps.sessions.open(session, user.tenantId, { code: spent });
    return { session };
  });
}
