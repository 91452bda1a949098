/** An error the API reports to its caller: an HTTP status, a stable code and a plain English message. */
import type { ErrorCode } from '@remote-help/protocol/errors';
import type { z } from 'zod';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly retryAt?: Date,
  ) {
    super(message);
  }

  toBody() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.retryAt ? { retryAt: this.retryAt.toISOString() } : {}),
      },
    };
  }
}

/** A request body or query in the shared schema's form, or a 400 `invalid_request`. */
export function parseRequest<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ApiError(400, 'invalid_request', 'The request is not in the expected form.');
  return result.data;
}
