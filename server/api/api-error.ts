/** An error the API reports to its caller: an HTTP status, a stable code and a plain English message. */
import type { ErrorCode } from '../../src/protocol/schema.ts';

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
