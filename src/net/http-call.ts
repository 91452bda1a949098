/**
 * One call of the HTTP API, through the protocol's endpoint table: the table gives the method, the path (with its
 * parameters) and the schemas, so a route that changes on the server is a type error here. Adds the access token and
 * validates every response.
 */
import { apiErrorSchema, type ErrorCode } from '@remote-help/protocol/errors';
import {
  type BodyIn,
  type Endpoint,
  endpointUrl,
  type FileResponse,
  type PathParams,
  type QueryIn,
  type ResponseOut,
} from '@remote-help/protocol/http-api';
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

/** What a call sends: the path's parameters, the query and the body, each exactly when the endpoint has one. */
export type CallInput<E extends Endpoint> = (keyof PathParams<E> extends never
  ? { params?: undefined }
  : { params: PathParams<E> }) &
  (E['query'] extends z.ZodType ? { query?: QueryIn<E> } : { query?: undefined }) &
  (E['body'] extends z.ZodType ? { body: BodyIn<E> } : { body?: undefined });

type JsonEndpoint = Endpoint & { response: z.ZodType | null };
type FileEndpoint = Endpoint & { response: FileResponse };

async function send(endpoint: Endpoint, input: CallInput<Endpoint>, token?: TokenSource): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (input.body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${await token()}`;
  const url = endpointUrl(endpoint, input.params, input.query as Record<string, string | undefined> | undefined);
  let res: Response;
  try {
    res = await fetch(url, {
      method: endpoint.method,
      headers,
      ...(input.body !== undefined ? { body: JSON.stringify(input.body) } : {}),
    });
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
  return res;
}

/** Calls a JSON endpoint and answers with its response, parsed (nothing for an endpoint that answers 204). */
export async function call<E extends JsonEndpoint>(
  endpoint: E,
  input: CallInput<E>,
  token?: TokenSource,
): Promise<ResponseOut<E>> {
  const res = await send(endpoint, input as CallInput<Endpoint>, token);
  if (endpoint.response === null) return undefined as ResponseOut<E>;
  const parsed = endpoint.response.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success) throw new ApiRequestError('invalid_request', 'The server answered in an unexpected form.');
  return parsed.data as ResponseOut<E>;
}

/** Fetches a file endpoint's file, for saving. */
export async function download<E extends FileEndpoint>(
  endpoint: E,
  input: CallInput<E>,
  token?: TokenSource,
): Promise<Blob> {
  return (await send(endpoint, input as CallInput<Endpoint>, token)).blob();
}
