import { type CryptoKey, createLocalJWKSet, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IdentityConfig } from '../config.ts';
import { makeTokenVerifier, TokenError } from './verify-token.ts';

const identity: IdentityConfig = {
  issuer: 'http://127.0.0.1:1/dev-idp',
  jwksUri: 'http://127.0.0.1:1/dev-idp/jwks',
  audience: 'api://remote-help',
  requiredScope: 'remote-help',
  clientId: 'spa',
  authority: 'https://127.0.0.1:1/dev-idp',
  apiScope: 'remote-help',
  protocolMode: 'OIDC',
};

let signingKey: CryptoKey;
let otherKey: CryptoKey;
let jwks: ReturnType<typeof createLocalJWKSet>;
const NOW = 1_800_000_000_000;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  signingKey = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  const pub: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  jwks = createLocalJWKSet({ keys: [pub] });
});

function token(
  overrides: Record<string, unknown> = {},
  key?: CryptoKey,
  issuer = identity.issuer,
  audience = identity.audience,
) {
  return new SignJWT({ scope: 'openid remote-help', oid: 'user-1', tid: 'tenant-1', amr: ['pwd', 'mfa'], ...overrides })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'at+jwt' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject('user-1')
    .setIssuedAt(NOW / 1000 - 60)
    .setExpirationTime(NOW / 1000 + 3600)
    .sign(key ?? signingKey);
}

describe('access-token verification', () => {
  const verifier = () => makeTokenVerifier(identity, jwks, () => NOW);

  it('accepts a good token and normalises its claims', async () => {
    const id = await verifier().verify(await token());
    expect(id).toEqual({ userId: 'user-1', tenantId: 'tenant-1', amr: ['pwd', 'mfa'], expiresAt: NOW + 3600_000 });
  });

  it('reads Entra ID scopes from scp', async () => {
    await expect(verifier().verify(await token({ scope: undefined, scp: 'remote-help' }))).resolves.toBeTruthy();
  });

  const reject = async (t: string, reason: RegExp) => {
    const error = await verifier()
      .verify(t)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenError);
    expect((error as TokenError).reason).toMatch(reason);
  };

  it('rejects a wrong issuer', async () => reject(await token({}, undefined, 'http://evil.test/'), /claim iss/));
  it('rejects a wrong audience', async () =>
    reject(await token({}, undefined, identity.issuer, 'api://other'), /claim aud/));
  it('rejects an expired token', async () => {
    const expired = await new SignJWT({ scope: 'remote-help', oid: 'u', tid: 't' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(identity.issuer)
      .setAudience(identity.audience)
      .setExpirationTime(NOW / 1000 - 10)
      .sign(signingKey);
    await reject(expired, /expired/);
  });
  it('rejects a tampered payload', async () => {
    const [h, p, s] = (await token()).split('.');
    const payload = JSON.parse(Buffer.from(p ?? '', 'base64url').toString());
    payload.oid = 'someone-else';
    await reject(`${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`, /invalid/);
  });
  it('rejects a token signed by another key', async () => reject(await token({}, otherKey), /invalid/));
  it('rejects a token without the API scope', async () => reject(await token({ scope: 'openid' }), /scope/));
  it('rejects a token without a tenant', async () => reject(await token({ tid: undefined }), /claims/));
  it('rejects an unsigned token', async () => {
    const [h, p] = (await token()).split('.');
    await reject(`${h}.${p}.`, /invalid/);
  });

  it('stops accepting a cached token once it expires', async () => {
    let now = NOW;
    const v = makeTokenVerifier(identity, jwks, () => now);
    const t = await token();
    await v.verify(t);
    now = NOW + 3601_000;
    await expect(v.verify(t)).rejects.toThrow(TokenError);
  });
});
