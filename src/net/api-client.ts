/** The app's only door to the HTTP API: adds the access token, validates every response with the shared schemas. */
import type { z } from 'zod';
import {
  type AgentGrantResponse,
  activeSessionsSchema,
  agentGrantResponseSchema,
  apiErrorSchema,
  type ClientConfig,
  type CreatedCode,
  clientConfigSchema,
  createdCodeSchema,
  type ErrorCode,
  type IceServers,
  iceServersSchema,
  type Me,
  meSchema,
  type ReportQuery,
  redeemResponseSchema,
  type Session,
  type SessionReportRow,
  sessionReportSchema,
} from '../protocol/schema.ts';

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

export type TokenSource = () => Promise<string>;

async function request<T extends z.ZodType>(
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

export function makeApiClient(token: TokenSource) {
  return {
    me: (): Promise<Me> => request(meSchema, '/api/me', { token }),
    createCode: (): Promise<CreatedCode> => request(createdCodeSchema, '/api/codes', { method: 'POST', token }),
    cancelCode: (code: string): Promise<void> =>
      request(undefined, `/api/codes/${encodeURIComponent(code)}`, { method: 'DELETE', token }).then(() => undefined),
    iceServers: async (): Promise<IceServers> =>
      (await request(iceServersSchema, '/api/ice-servers', { token })).iceServers,
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
    redeemCode: async (code: string): Promise<Session> =>
      (
        await request(redeemResponseSchema, '/api/codes/redeem', {
          method: 'POST',
          token,
          body: JSON.stringify({ code }),
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
