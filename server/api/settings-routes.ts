/** The tenant's settings (spec 5.3): administrators (manageRemoteHelp) read and change them. */
import { HTTP_API } from '@remote-help/protocol/http-api';
import type { FastifyInstance } from 'fastify';
import type { SettingsStore } from '../policies/settings-store.ts';
import type { Callers } from './authenticate.ts';
import { serve } from './endpoint.ts';

export interface SettingsRouteDeps {
  settings: SettingsStore;
  callers: Callers;
}

export function registerSettingsRoutes(app: FastifyInstance, deps: SettingsRouteDeps): void {
  const administrator = (req: Parameters<Callers['authenticate']>[0]) =>
    deps.callers.requirePermission(req, 'manageRemoteHelp');

  serve(app, HTTP_API.settings.get, async ({ req }) => {
    const user = await administrator(req);
    return deps.settings.get(user.tenantId);
  });

  serve(app, HTTP_API.settings.save, async ({ req, body }) => {
    const user = await administrator(req);
    const settings = body();
    await deps.settings.set(user.tenantId, settings, user.id);
    return settings;
  });
}
