/**
 * Access-token verification: signature through the provider's JWKS, issuer, audience, expiry and scope.
 * Identity is taken only from these verified claims. Entra ID and generic OIDC tokens are normalised to one shape.
 */
import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { IdentityConfig } from '../config.ts';

export interface VerifiedIdentity {
  userId: string;
  tenantId: string;
  amr: string[];
  expiresAt: number;
}

export class TokenError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

const CACHE_LIMIT = 10_000;

function scopesOf(payload: JWTPayload): string[] {
  const raw = payload.scp ?? payload.scope;
  return typeof raw === 'string' ? raw.split(' ') : [];
}

export interface TokenVerifier {
  verify(token: string): Promise<VerifiedIdentity>;
}

export function makeTokenVerifier(
  identity: IdentityConfig,
  keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(identity.jwksUri)),
  now: () => number = Date.now,
): TokenVerifier {
  // A verified token is remembered until it expires, so a busy socket or API client costs one RSA check per token.
  const cache = new Map<string, VerifiedIdentity>();

  async function verifyUncached(token: string): Promise<VerifiedIdentity> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: identity.issuer,
        audience: identity.audience,
        algorithms: ['RS256'],
        currentDate: new Date(now()),
      }));
    } catch (e) {
      if (e instanceof errors.JWTExpired) throw new TokenError('expired');
      if (e instanceof errors.JWTClaimValidationFailed) throw new TokenError(`claim ${e.claim}`);
      throw new TokenError('invalid');
    }
    if (!scopesOf(payload).includes(identity.requiredScope)) throw new TokenError('scope');
    const userId = typeof payload.oid === 'string' ? payload.oid : payload.sub;
    const tenantId = payload.tid;
    if (!userId || typeof tenantId !== 'string' || typeof payload.exp !== 'number') throw new TokenError('claims');
    const amr = Array.isArray(payload.amr) ? payload.amr.filter((a): a is string => typeof a === 'string') : [];
    return { userId, tenantId, amr, expiresAt: payload.exp * 1000 };
  }

  return {
    async verify(token) {
      const cached = cache.get(token);
      if (cached) {
        if (cached.expiresAt > now()) return cached;
        cache.delete(token);
        throw new TokenError('expired');
      }
      const identity = await verifyUncached(token);
      if (cache.size >= CACHE_LIMIT) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      cache.set(token, identity);
      return identity;
    },
  };
}
