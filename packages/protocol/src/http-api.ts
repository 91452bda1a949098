/**
 * The HTTP API, route by route: method, path, and the schemas of the query, the request body and the response. The
 * server registers its routes from this table (server/api/endpoint.ts) and the app calls through it
 * (src/net/api-client.ts), so a changed path, parameter or body is a type error on both sides. Refusals are not listed
 * per route: every route answers them with the error body of errors.ts, at the status ERROR_STATUS gives the code.
 */
import type { z } from 'zod';
import { agentGrantRequestSchema, agentGrantResponseSchema, jwksSchema } from './agent.ts';
import { clientConfigSchema, healthSchema, iceServersSchema, meSchema, readinessSchema } from './app-api.ts';
import {
  complianceRequestSchema,
  deviceListSchema,
  deviceQuerySchema,
  deviceSchema,
  enrolledDeviceSchema,
  enrollmentTokenRequestSchema,
  enrollmentTokenSchema,
  enrollRequestSchema,
  launchAnswerSchema,
  launchSchema,
} from './devices.ts';
import { activeSessionsSchema, createdCodeSchema, redeemRequestSchema, redeemResponseSchema } from './pairing.ts';
import { reportQuerySchema, sessionReportSchema } from './reports.ts';
import {
  assignmentInputSchema,
  assignmentsResponseSchema,
  assignmentViewSchema,
  groupInputSchema,
  groupsResponseSchema,
  groupViewSchema,
  peopleResponseSchema,
  roleInputSchema,
  rolesResponseSchema,
  roleViewSchema,
  tenantSettingsSchema,
} from './settings.ts';

/** A response that is a file to save (a download), not JSON: its content type. */
export interface FileResponse {
  file: string;
}

export interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `:name` segments are path parameters (strings, URL-encoded on the wire). */
  path: `/${string}`;
  /** The query string's schema; its values are strings on the wire. */
  query?: z.ZodType;
  /** The JSON request body's schema. */
  body?: z.ZodType;
  /** The JSON response body's schema; a file; or null for no body (204). */
  response: z.ZodType | FileResponse | null;
  /** The status of success, when it is not 200. */
  status?: 201 | 204;
}

/** The names of a path's `:name` parameters. */
type ParamNames<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : Path extends `${string}:${infer Name}`
    ? Name
    : never;

export type PathParams<E extends Endpoint> = { [Name in ParamNames<E['path']>]: string };
/** What the caller sends (zod's input: before defaults and transforms) and what the server reads (the output). */
export type BodyIn<E extends Endpoint> = E['body'] extends z.ZodType ? z.input<E['body']> : undefined;
export type BodyOut<E extends Endpoint> = E['body'] extends z.ZodType ? z.output<E['body']> : undefined;
export type QueryIn<E extends Endpoint> = E['query'] extends z.ZodType ? z.input<E['query']> : undefined;
export type QueryOut<E extends Endpoint> = E['query'] extends z.ZodType ? z.output<E['query']> : undefined;
/** What the server answers with (input: it is parsed on the client) and what the client gets (output). */
export type ResponseIn<E extends Endpoint> = E['response'] extends z.ZodType ? z.input<E['response']> : undefined;
export type ResponseOut<E extends Endpoint> = E['response'] extends z.ZodType ? z.output<E['response']> : undefined;

/** The URL of a call: parameters put in the path, the query's set values in the query string. */
export function endpointUrl(
  endpoint: Endpoint,
  params: Record<string, string> = {},
  query: Record<string, string | undefined> = {},
): string {
  const path = endpoint.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${endpoint.path} needs its ${name} parameter.`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** Every route of the API, by domain. */
export const HTTP_API = {
  app: {
    health: { method: 'GET', path: '/healthz', response: healthSchema },
    /** 503 while not ready: the load balancer's check, not the app's. */
    ready: { method: 'GET', path: '/readyz', response: readinessSchema },
    config: { method: 'GET', path: '/api/config', response: clientConfigSchema },
    me: { method: 'GET', path: '/api/me', response: meSchema },
  },
  /** Security codes (spec 3.1, 3.3). */
  pairing: {
    createCode: { method: 'POST', path: '/api/codes', response: createdCodeSchema, status: 201 },
    cancelCode: { method: 'DELETE', path: '/api/codes/:code', response: null, status: 204 },
    redeemCode: {
      method: 'POST',
      path: '/api/codes/redeem',
      body: redeemRequestSchema,
      response: redeemResponseSchema,
    },
  },
  /** Live sessions (spec 4): the caller's, the relays for their peer connection, the sharer's control grants (spec 6). */
  sessions: {
    active: { method: 'GET', path: '/api/sessions', response: activeSessionsSchema },
    iceServers: { method: 'GET', path: '/api/ice-servers', response: iceServersSchema },
    agentGrant: {
      method: 'POST',
      path: '/api/sessions/:id/agent-grant',
      body: agentGrantRequestSchema,
      response: agentGrantResponseSchema,
    },
  },
  /** What the sharer's control agent needs from the server: the grant keys, and the program itself. */
  agent: {
    jwks: { method: 'GET', path: '/api/agent/jwks', response: jwksSchema },
    downloadWindows: {
      method: 'GET',
      path: '/api/agent/download/windows',
      response: { file: 'application/vnd.microsoft.portable-executable' },
    },
  },
  /** The tenant's settings (spec 5.3). */
  settings: {
    get: { method: 'GET', path: '/api/settings', response: tenantSettingsSchema },
    save: { method: 'PUT', path: '/api/settings', body: tenantSettingsSchema, response: tenantSettingsSchema },
  },
  /** Reports (spec 5.4). */
  reports: {
    sessions: { method: 'GET', path: '/api/reports/sessions', query: reportQuerySchema, response: sessionReportSchema },
    sessionsCsv: {
      method: 'GET',
      path: '/api/reports/sessions.csv',
      query: reportQuerySchema,
      response: { file: 'text/csv; charset=utf-8' },
    },
  },
  /** Who may help whom (spec 3.4): roles, groups, assignments, and the people they name. */
  admin: {
    roles: { method: 'GET', path: '/api/admin/roles', response: rolesResponseSchema },
    createRole: {
      method: 'POST',
      path: '/api/admin/roles',
      body: roleInputSchema,
      response: roleViewSchema,
      status: 201,
    },
    updateRole: { method: 'PUT', path: '/api/admin/roles/:id', body: roleInputSchema, response: roleViewSchema },
    deleteRole: { method: 'DELETE', path: '/api/admin/roles/:id', response: null, status: 204 },
    people: { method: 'GET', path: '/api/admin/people', response: peopleResponseSchema },
    groups: { method: 'GET', path: '/api/admin/groups', response: groupsResponseSchema },
    createGroup: {
      method: 'POST',
      path: '/api/admin/groups',
      body: groupInputSchema,
      response: groupViewSchema,
      status: 201,
    },
    assignments: { method: 'GET', path: '/api/admin/assignments', response: assignmentsResponseSchema },
    createAssignment: {
      method: 'POST',
      path: '/api/admin/assignments',
      body: assignmentInputSchema,
      response: assignmentViewSchema,
      status: 201,
    },
    deleteAssignment: { method: 'DELETE', path: '/api/admin/assignments/:id', response: null, status: 204 },
  },
  /** Enrolled devices and remote launch (spec 3.2, 5.1, 5.2). */
  devices: {
    createEnrollmentToken: {
      method: 'POST',
      path: '/api/devices/enrollment-tokens',
      // No body at all asks for a single-use token.
      body: enrollmentTokenRequestSchema.prefault({}),
      response: enrollmentTokenSchema,
      status: 201,
    },
    enroll: {
      method: 'POST',
      path: '/api/devices/enroll',
      body: enrollRequestSchema,
      response: enrolledDeviceSchema,
      status: 201,
    },
    list: { method: 'GET', path: '/api/devices', query: deviceQuerySchema, response: deviceListSchema },
    get: { method: 'GET', path: '/api/devices/:id', response: deviceSchema },
    setCompliance: {
      method: 'PUT',
      path: '/api/devices/:id/compliance',
      body: complianceRequestSchema,
      response: null,
      status: 204,
    },
    launch: { method: 'POST', path: '/api/devices/:id/launch', response: launchSchema, status: 201 },
    acceptLaunch: {
      method: 'POST',
      path: '/api/launches/:id/accept',
      body: launchAnswerSchema,
      response: redeemResponseSchema,
    },
    declineLaunch: {
      method: 'POST',
      path: '/api/launches/:id/decline',
      body: launchAnswerSchema,
      response: null,
      status: 204,
    },
  },
} as const satisfies Record<string, Record<string, Endpoint>>;

/** Every endpoint of the table, for tools and tests that walk them all. */
export const ALL_ENDPOINTS: readonly Endpoint[] = Object.values(HTTP_API).flatMap((group) =>
  Object.values<Endpoint>(group),
);
