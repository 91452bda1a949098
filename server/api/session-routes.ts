/** Live sessions (spec 4): the caller's active ones, the relay servers for their peer connection, control grants. */
import type { IceConfig } from '@remote-help/protocol/app-api';
import { HTTP_API } from '@remote-help/protocol/http-api';
import type { FastifyInstance } from 'fastify';
import type { ControlGrants } from '../agent-grants/control-grants.ts';
import type { LiveSessions } from '../sessions/live-sessions.ts';
import type { Callers } from './authenticate.ts';
import { serve } from './endpoint.ts';

export interface SessionRouteDeps {
  sessions: LiveSessions;
  iceConfig: (userId: string) => IceConfig;
  controlGrants: ControlGrants;
  callers: Callers;
}

export function registerSessionRoutes(app: FastifyInstance, deps: SessionRouteDeps): void {
  const { callers } = deps;

  serve(app, HTTP_API.sessions.active, async ({ req }) => {
    const user = await callers.authenticate(req);
    return { sessions: deps.sessions.activeFor(user.id) };
  });

  serve(app, HTTP_API.sessions.iceServers, async ({ req, reply }) => {
    const user = await callers.authenticate(req);
    reply.header('cache-control', 'no-store');
    return deps.iceConfig(user.id);
  });

  serve(app, HTTP_API.sessions.agentGrant, async ({ req, reply, params, body }) => {
    const user = await callers.authenticate(req);
    const grant = await deps.controlGrants.grant(user.id, params.id, body());
    reply.header('cache-control', 'no-store');
    return grant;
  });
}
