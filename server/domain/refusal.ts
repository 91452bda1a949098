/**
 * A domain service's "no": a stable error code and a plain English message, and nothing about how it travels. The HTTP
 * layer sends it with the status `ERROR_STATUS` gives its code (server/api/error-replies.ts); the socket layer sends it
 * as an `error` frame (server/ws/socket-connection.ts).
 */
import type { ErrorCode } from '@remote-help/protocol/errors';

export class Refusal extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Until when a lock-out lasts, when the refusal is one. */
    readonly retryAt?: Date,
  ) {
    super(message);
  }
}
