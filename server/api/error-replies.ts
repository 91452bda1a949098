/**
 * How the API answers when it does not do what was asked: a refusal gets the HTTP status the protocol's table gives
 * its code, and every error body has the one shape clients parse (`apiErrorSchema`).
 */
import { type ApiErrorBody, ERROR_STATUS, type ErrorCode } from '@remote-help/protocol/errors';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { isDatabaseUnreachable } from '../db/unreachable.ts';
import { Refusal } from '../domain/refusal.ts';

export function errorBody(code: ErrorCode, message: string, retryAt?: Date): ApiErrorBody {
  return { error: { code, message, ...(retryAt ? { retryAt: retryAt.toISOString() } : {}) } };
}

/** A request body or query in the shared schema's form, or an `invalid_request` refusal. */
export function parseRequest<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw new Refusal('invalid_request', 'The request is not in the expected form.');
  return result.data;
}

/**
 * Fastify's error handler. Refusals take their status from ERROR_STATUS; what the framework itself refuses (a body too
 * large, a rate limit, a wrong content type) keeps the framework's status; anything else is logged and is a 500.
 */
export function replyToError(error: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) {
  if (error instanceof Refusal) {
    return reply.code(ERROR_STATUS[error.code]).send(errorBody(error.code, error.message, error.retryAt));
  }
  const status = (error as { statusCode?: number }).statusCode ?? 500;
  if (status === 413) return reply.code(413).send(errorBody('payload_too_large', 'The request is too large.'));
  if (status === 429) return reply.code(429).send(error);
  if (status >= 400 && status < 500) {
    return reply.code(status).send(errorBody('invalid_request', 'The request is not in the expected form.'));
  }
  if (isDatabaseUnreachable(error)) {
    req.log.error({ err: error }, 'the database cannot be reached');
    return reply
      .code(ERROR_STATUS.service_unavailable)
      .send(errorBody('service_unavailable', 'The service’s database cannot be reached. Try again shortly.'));
  }
  req.log.error({ err: error }, 'unhandled error');
  return reply.code(500).send(errorBody('internal', 'Something went wrong on the server.'));
}
