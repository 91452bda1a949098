/** The app's own routes, outside any one feature: health, the client's configuration, the signed-in person. */
import type { ClientConfig } from '@remote-help/protocol/app-api';
import { HTTP_API } from '@remote-help/protocol/http-api';
import type { FastifyInstance } from 'fastify';
import { cardFor, type Directory, modesFor } from '../directory/directory.ts';
import type { Callers } from './authenticate.ts';
import { serve } from './endpoint.ts';

export interface AppRouteDeps {
  version: string;
  clientConfig: ClientConfig;
  directory: Directory;
  callers: Callers;
}

export function registerAppRoutes(app: FastifyInstance, deps: AppRouteDeps): void {
  const { directory, callers } = deps;

  serve(app, HTTP_API.app.health, async () => ({ status: 'ok' as const, version: deps.version }));

  serve(app, HTTP_API.app.config, async ({ reply }) => {
    reply.header('cache-control', 'no-store');
    return deps.clientConfig;
  });

  serve(app, HTTP_API.app.me, async ({ req }) => {
    const user = await callers.authenticate(req);
    const permissions = await directory.permissionsOf(user.id);
    return {
      card: cardFor(user),
      email: user.email,
      tenantName: user.tenantName,
      permissions,
      helpModes: modesFor(permissions),
    };
  });
}
