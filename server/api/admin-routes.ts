/** Administration of who may help whom (spec 3.4), for people with manageRemoteHelp: the routes of AdminService. */
import { HTTP_API } from '@remote-help/protocol/http-api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AdminService } from '../admin/admin-service.ts';
import type { Callers } from './authenticate.ts';
import { serve } from './endpoint.ts';

export interface AdminRouteDeps {
  admin: AdminService;
  callers: Callers;
}

const API = HTTP_API.admin;

export function registerAdminRoutes(app: FastifyInstance, { admin, callers }: AdminRouteDeps): void {
  const administrator = (req: FastifyRequest) => callers.requirePermission(req, 'manageRemoteHelp');

  serve(app, API.roles, async ({ req }) => ({ roles: await admin.roles((await administrator(req)).tenantId) }));
  serve(app, API.createRole, async ({ req, body }) => admin.createRole(await administrator(req), body()));
  serve(app, API.updateRole, async ({ req, params, body }) =>
    admin.updateRole(await administrator(req), params.id, body()),
  );
  serve(app, API.deleteRole, async ({ req, params }) => admin.deleteRole(await administrator(req), params.id));

  serve(app, API.people, async ({ req }) => ({ people: await admin.people((await administrator(req)).tenantId) }));

  serve(app, API.groups, async ({ req }) => ({ groups: await admin.groups((await administrator(req)).tenantId) }));
  serve(app, API.createGroup, async ({ req, body }) => admin.createGroup(await administrator(req), body()));

  serve(app, API.assignments, async ({ req }) => ({
    assignments: await admin.assignments((await administrator(req)).tenantId),
  }));
  serve(app, API.createAssignment, async ({ req, body }) => admin.createAssignment(await administrator(req), body()));
  serve(app, API.deleteAssignment, async ({ req, params }) =>
    admin.deleteAssignment(await administrator(req), Number(params.id)),
  );
}
