/** The API's refusals: a stable code per reason, the HTTP status each is sent with, and the error body. */
import { z } from 'zod';

/** Stable error codes: clients map them to catalogue messages, tests assert them. */
export const errorCodeSchema = z.enum([
  'invalid_request',
  'not_found',
  'unauthenticated',
  'forbidden',
  'not_in_directory',
  'rate_limited',
  'payload_too_large',
  'code_malformed',
  'code_unknown',
  'code_expired',
  'code_used',
  'code_cancelled',
  'code_other_tenant',
  /** A helper redeeming a code they made themselves. */
  'code_own',
  'helper_not_permitted',
  'helper_out_of_scope',
  'redeem_locked',
  'address_locked',
  'too_many_codes',
  'unknown_message',
  'internal',
  /** Tenant policies (spec 5.3): each refusal names its rule. */
  'policy_disabled',
  'policy_mfa_required',
  'policy_address',
  /** Devices and remote launch (spec 3.2, 5.1). */
  'unenrolled_not_allowed',
  'enrollment_token_invalid',
  'device_unknown',
  'device_offline',
  'launch_expired',
  'launch_unknown',
  /** Administration (spec 3.4): built-in roles cannot be changed; a role still assigned cannot be deleted. */
  'role_built_in',
  'role_in_use',
  /** Negotiation the server refuses (spec 4.1): a request outside the session's permitted modes… */
  'mode_not_permitted',
  /** …and an answer (allow, decline) to no open request, or a use of elevation that was not granted. */
  'no_pending_request',
  /** A session that has ended is given nothing more (spec 6: no control grant for it). */
  'session_ended',
  /**
   * A decision that needs the cluster's shared state (Redis or PostgreSQL) while it cannot be reached: refused rather
   * than taken without it (no lock-out skipped, no code or launch taken twice). Worth retrying shortly.
   */
  'service_unavailable',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/**
 * The HTTP status each refusal is sent with. One table, so a refusal decided away from HTTP (in a domain service)
 * gets the same status wherever it is reported. `invalid_request` also covers the other 4xx statuses the HTTP
 * framework itself refuses with (e.g. 415), which keep their own status; `unknown_message`, `mode_not_permitted` and
 * `no_pending_request` are socket refusals.
 */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  invalid_request: 400,
  not_found: 404,
  unauthenticated: 401,
  forbidden: 403,
  not_in_directory: 403,
  rate_limited: 429,
  payload_too_large: 413,
  code_malformed: 400,
  code_unknown: 404,
  code_expired: 410,
  code_used: 409,
  code_cancelled: 410,
  code_other_tenant: 403,
  code_own: 403,
  helper_not_permitted: 403,
  helper_out_of_scope: 403,
  redeem_locked: 429,
  address_locked: 429,
  too_many_codes: 429,
  unknown_message: 400,
  internal: 500,
  policy_disabled: 403,
  policy_mfa_required: 403,
  policy_address: 403,
  unenrolled_not_allowed: 403,
  enrollment_token_invalid: 403,
  device_unknown: 404,
  device_offline: 409,
  launch_expired: 410,
  launch_unknown: 404,
  role_built_in: 409,
  role_in_use: 409,
  mode_not_permitted: 403,
  no_pending_request: 409,
  session_ended: 410,
  service_unavailable: 503,
};

export const apiErrorSchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    /** ISO time until which a lock-out lasts, when the refusal is a lock-out. */
    retryAt: z.string().optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;
