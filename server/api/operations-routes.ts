/** Operations: whether this node takes traffic, for the load balancer (liveness stays /healthz, in app-routes.ts). */
import { HTTP_API } from '@remote-help/protocol/http-api';
import type { FastifyInstance } from 'fastify';
import type { Readiness } from '../ops/readiness.ts';
import { serve } from './endpoint.ts';

export function registerOperationsRoutes(app: FastifyInstance, readiness: Readiness): void {
  serve(app, HTTP_API.app.ready, async ({ reply }) => {
    const ready = readiness.isReady();
    reply.header('cache-control', 'no-store');
    if (!ready) reply.code(503);
    return { ready, reasons: readiness.reasons() };
  });
}
