/**
 * Checks a grant (the server's signed "this device may apply input for this session") before the agent honours
 * it: ES256 signature against the server's published keys, issuer = the app, audience = agents, not expired, no
 * longer than AGENT_GRANT_MAX_SECONDS, claims of the expected shape, and made for this very device.
 */
import { AGENT_GRANT_AUDIENCE, AGENT_GRANT_MAX_SECONDS, agentGrantClaimsSchema } from '@remote-help/protocol/agent';
import type { Mode } from '@remote-help/protocol/domain';
import { createRemoteJWKSet, customFetch, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { nodeHttpFetch } from './jwks-fetch.ts';

export interface VerifiedGrant {
  sessionId: string;
  modes: Mode[];
  /** Milliseconds since the epoch. */
  expiresAt: number;
  /** The grant's id, for logs. */
  grantId: string;
}

export type GrantRefusalCode = 'grant_invalid' | 'grant_expired' | 'grant_other_device';

export type GrantVerification =
  | { ok: true; grant: VerifiedGrant }
  | { ok: false; code: GrantRefusalCode; reason: string };

export type GrantVerifier = (token: string) => Promise<GrantVerification>;

export interface GrantVerifierOptions {
  appOrigin: string;
  deviceId: string;
  /** Where the signing keys come from: the server's JWKS in production, a local key set in tests. */
  keys: JWTVerifyGetKey;
  now?: () => number;
}

/** The server's published grant keys; jose caches them and refetches when a token names an unknown key id. */
export function remoteGrantKeys(jwksUrl: URL): JWTVerifyGetKey {
  return createRemoteJWKSet(jwksUrl, {
    timeoutDuration: 10_000,
    cooldownDuration: 30_000,
    [customFetch]: nodeHttpFetch,
  });
}

function refusal(code: GrantRefusalCode, reason: string): GrantVerification {
  return { ok: false, code, reason };
}

/** Maps jose's errors to the protocol's codes; the token itself never goes into a message. */
function describeJoseError(e: unknown): GrantVerification {
  if (e instanceof errors.JWTExpired) return refusal('grant_expired', 'The grant has expired.');
  if (e instanceof errors.JWTClaimValidationFailed)
    return refusal('grant_invalid', `Grant claim "${e.claim}" is wrong.`);
  if (e instanceof errors.JWSSignatureVerificationFailed)
    return refusal('grant_invalid', 'Grant signature is not valid.');
  if (e instanceof errors.JWKSNoMatchingKey)
    return refusal('grant_invalid', 'Grant is not signed by a key of the app.');
  if (e instanceof errors.JWKSTimeout || e instanceof errors.JWKSInvalid) {
    return refusal('grant_invalid', 'Could not get the app’s grant keys.');
  }
  if (e instanceof errors.JOSEError) return refusal('grant_invalid', `Grant is not valid (${e.code}).`);
  // Fetch failures of the key set (network down, certificate error) end up here.
  return refusal('grant_invalid', 'Could not check the grant with the app’s keys.');
}

export function makeGrantVerifier(options: GrantVerifierOptions): GrantVerifier {
  const now = options.now ?? Date.now;
  return async (token) => {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, options.keys, {
        issuer: options.appOrigin,
        audience: AGENT_GRANT_AUDIENCE,
        // Pinned: a token must not choose how it is checked (no "none", no HMAC with a public key).
        algorithms: ['ES256'],
        requiredClaims: ['exp', 'iat', 'sub', 'jti'],
        currentDate: new Date(now()),
      }));
    } catch (e) {
      return describeJoseError(e);
    }
    const claims = agentGrantClaimsSchema.safeParse(payload);
    if (!claims.success) return refusal('grant_invalid', 'Grant claims are not of the expected shape.');
    // The server makes short grants; a long one was not made by it for this purpose.
    if (claims.data.exp - claims.data.iat > AGENT_GRANT_MAX_SECONDS) {
      return refusal('grant_invalid', `The grant lasts longer than ${AGENT_GRANT_MAX_SECONDS} seconds.`);
    }
    if (claims.data.device !== options.deviceId) {
      return refusal('grant_other_device', 'The grant is for another device.');
    }
    return {
      ok: true,
      grant: {
        sessionId: claims.data.sub,
        modes: claims.data.modes,
        expiresAt: claims.data.exp * 1000,
        grantId: claims.data.jti,
      },
    };
  };
}
