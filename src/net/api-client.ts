/** The app's only door to the HTTP API: adds the access token, validates every response with the shared schemas. */
import { type AgentGrantResponse, agentGrantResponseSchema } from '@remote-help/protocol/agent';
import {
  type ClientConfig,
  clientConfigSchema,
  type IceConfig,
  iceServersSchema,
  type Me,
  meSchema,
} from '@remote-help/protocol/app-api';
import type { DeviceCredential, Session } from '@remote-help/protocol/domain';
import { apiErrorSchema, type ErrorCode } from '@remote-help/protocol/errors';
import {
  activeSessionsSchema,
  type CreatedCode,
  createdCodeSchema,
  redeemResponseSchema,
} from '@remote-help/protocol/pairing';
import { type ReportQuery, type SessionReportRow, sessionReportSchema } from '@remote-help/protocol/reports';
import {
  type AssignmentInput,
  type AssignmentView,
  assignmentsResponseSchema,
  assignmentViewSchema,
  type GroupView,
  groupsResponseSchema,
  type PersonView,
  peopleResponseSchema,
  type RoleInput,
  type RoleView,
  rolesResponseSchema,
  roleViewSchema,
  type TenantSettings,
  tenantSettingsSchema,
} from '@remote-help/protocol/settings';
import type { z } from 'zod';

/** A refusal or failure, with the server's stable code ('network' when the server could not be reached). */
export class ApiRequestError extends Error {
  constructor(
    readonly code: ErrorCode | 'network',
    message: string,
    readonly retryAt?: string,
  ) {
    super(message);
  }
}

/** The current access token; `fresh` asks the identity provider for a new one even if the cached one looks valid. */
export type TokenSource = (options?: { fresh?: boolean }) => Promise<string>;

export async function request<T extends z.ZodType>(
  schema: T | undefined,
  path: string,
  init: RequestInit & { token?: TokenSource } = {},
): Promise<z.infer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body) headers['content-type'] = 'application/json';
  if (init.token) headers.authorization = `Bearer ${await init.token()}`;
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers });
  } catch {
    throw new ApiRequestError('network', 'The server cannot be reached.');
  }
  if (!res.ok) {
    const parsed = apiErrorSchema.safeParse(await res.json().catch(() => undefined));
    if (parsed.success) {
      const { code, message, retryAt } = parsed.data.error;
      throw new ApiRequestError(code, message, retryAt);
    }
    throw new ApiRequestError(res.status >= 500 ? 'internal' : 'invalid_request', `HTTP ${res.status}`);
  }
  if (!schema) return undefined as z.infer<T>;
  const parsed = schema.safeParse(await res.json());
  if (!parsed.success) throw new ApiRequestError('invalid_request', 'The server answered in an unexpected form.');
  return parsed.data;
}

export function fetchClientConfig(): Promise<ClientConfig> {
  return request(clientConfigSchema, '/api/config');
}

/** `device` is the enrolled device's credential, when this app has one: codes redeemed here are on that device. */
export function makeApiClient(token: TokenSource, device: () => DeviceCredential | undefined = () => undefined) {
  return {
    me: (): Promise<Me> => request(meSchema, '/api/me', { token }),
    createCode: (): Promise<CreatedCode> => request(createdCodeSchema, '/api/codes', { method: 'POST', token }),
    cancelCode: (code: string): Promise<void> =>
      request(undefined, `/api/codes/${encodeURIComponent(code)}`, { method: 'DELETE', token }).then(() => undefined),
    iceConfig: (): Promise<IceConfig> => request(iceServersSchema, '/api/ice-servers', { token }),
    activeSessions: async (): Promise<Session[]> =>
      (await request(activeSessionsSchema, '/api/sessions', { token })).sessions,
    agentGrant: (sessionId: string, device: string, modes: ('control' | 'elevation')[]): Promise<AgentGrantResponse> =>
      request(agentGrantResponseSchema, `/api/sessions/${encodeURIComponent(sessionId)}/agent-grant`, {
        method: 'POST',
        token,
        body: JSON.stringify({ device, modes }),
      }),
    sessionReport: async (query: ReportQuery): Promise<SessionReportRow[]> =>
      (await request(sessionReportSchema, `/api/reports/sessions?${reportParams(query)}`, { token })).sessions,
    /** The report as the server's CSV file, for saving. */
    sessionReportCsv: async (query: ReportQuery): Promise<Blob> => {
      let res: Response;
      try {
        res = await fetch(`/api/reports/sessions.csv?${reportParams(query)}`, {
          headers: { authorization: `Bearer ${await token()}` },
        });
      } catch {
        throw new ApiRequestError('network', 'The server cannot be reached.');
      }
      if (!res.ok) throw new ApiRequestError(res.status === 403 ? 'forbidden' : 'internal', `HTTP ${res.status}`);
      return res.blob();
    },
    // Administration (spec 3.4, 5.3): for people with manageRemoteHelp.
    roles: async (): Promise<RoleView[]> => (await request(rolesResponseSchema, '/api/admin/roles', { token })).roles,
    createRole: (input: RoleInput): Promise<RoleView> =>
      request(roleViewSchema, '/api/admin/roles', { method: 'POST', token, body: JSON.stringify(input) }),
    updateRole: (id: string, input: RoleInput): Promise<RoleView> =>
      request(roleViewSchema, `/api/admin/roles/${encodeURIComponent(id)}`, {
        method: 'PUT',
        token,
        body: JSON.stringify(input),
      }),
    deleteRole: (id: string): Promise<void> =>
      request(undefined, `/api/admin/roles/${encodeURIComponent(id)}`, { method: 'DELETE', token }).then(
        () => undefined,
      ),
    groups: async (): Promise<GroupView[]> =>
      (await request(groupsResponseSchema, '/api/admin/groups', { token })).groups,
    people: async (): Promise<PersonView[]> =>
      (await request(peopleResponseSchema, '/api/admin/people', { token })).people,
    assignments: async (): Promise<AssignmentView[]> =>
      (await request(assignmentsResponseSchema, '/api/admin/assignments', { token })).assignments,
    createAssignment: (input: AssignmentInput): Promise<AssignmentView> =>
      request(assignmentViewSchema, '/api/admin/assignments', { method: 'POST', token, body: JSON.stringify(input) }),
    deleteAssignment: (id: number): Promise<void> =>
      request(undefined, `/api/admin/assignments/${id}`, { method: 'DELETE', token }).then(() => undefined),
    settings: (): Promise<TenantSettings> => request(tenantSettingsSchema, '/api/settings', { token }),
    saveSettings: (settings: TenantSettings): Promise<TenantSettings> =>
      request(tenantSettingsSchema, '/api/settings', { method: 'PUT', token, body: JSON.stringify(settings) }),
    redeemCode: async (code: string): Promise<Session> =>
      (
        await request(redeemResponseSchema, '/api/codes/redeem', {
          method: 'POST',
          token,
          body: JSON.stringify({ code, device: device() }),
        })
      ).session,
  };
}

export type ApiClient = ReturnType<typeof makeApiClient>;

function reportParams(query: ReportQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, String(value));
  return params.toString();
}
