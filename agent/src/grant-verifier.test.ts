import { AGENT_GRANT_AUDIENCE } from '@remote-help/protocol/agent';
import { type CryptoKey, createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type GrantVerifier, makeGrantVerifier } from './grant-verifier.ts';

const APP = 'https://remotehelp.example.com';
const DEVICE = 'device-1';
const NOW = 1_700_000_000_000;
const nowSeconds = Math.floor(NOW / 1000);

let serverKey: CryptoKey;
let otherKey: CryptoKey;
let verify: GrantVerifier;

interface SignOptions {
  key?: CryptoKey;
  claims?: JWTPayload;
  issuer?: string;
  audience?: string;
  expiresAt?: number;
}

function sign(options: SignOptions = {}): Promise<string> {
  return new SignJWT({ device: DEVICE, modes: ['control'], ...options.claims })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'JWT' })
    .setIssuer(options.issuer ?? APP)
    .setAudience(options.audience ?? AGENT_GRANT_AUDIENCE)
    .setSubject('session-1')
    .setIssuedAt(nowSeconds - 10)
    .setExpirationTime(options.expiresAt ?? nowSeconds + 50)
    .setJti('grant-1')
    .sign(options.key ?? serverKey);
}

beforeAll(async () => {
  const server = await generateKeyPair('ES256');
  const other = await generateKeyPair('ES256');
  serverKey = server.privateKey;
  otherKey = other.privateKey;
  const jwk = { ...(await exportJWK(server.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  verify = makeGrantVerifier({
    appOrigin: APP,
    deviceId: DEVICE,
    keys: createLocalJWKSet({ keys: [jwk] }),
    now: () => NOW,
  });
});

describe('grant verification', () => {
  it('accepts a grant signed by the app for this device', async () => {
    const result = await verify(await sign({ claims: { modes: ['control', 'elevation'] } }));
    expect(result).toEqual({
      ok: true,
      grant: {
        sessionId: 'session-1',
        modes: ['control', 'elevation'],
        expiresAt: (nowSeconds + 50) * 1000,
        grantId: 'grant-1',
      },
    });
  });

  it.each([
    ['an empty token', ''],
    ['garbage', 'not.a.jwt'],
    ['random text', 'hello'],
  ])('refuses %s as invalid', async (_name, token) => {
    expect(await verify(token)).toMatchObject({ ok: false, code: 'grant_invalid' });
  });

  it('refuses an expired grant', async () => {
    expect(await verify(await sign({ expiresAt: nowSeconds - 1 }))).toMatchObject({
      ok: false,
      code: 'grant_expired',
    });
  });

  it('refuses a grant signed by another key', async () => {
    expect(await verify(await sign({ key: otherKey }))).toMatchObject({ ok: false, code: 'grant_invalid' });
  });

  it('refuses a grant for another audience', async () => {
    expect(await verify(await sign({ audience: 'something-else' }))).toMatchObject({
      ok: false,
      code: 'grant_invalid',
    });
  });

  it('refuses a grant from another issuer', async () => {
    expect(await verify(await sign({ issuer: 'https://evil.example.com' }))).toMatchObject({
      ok: false,
      code: 'grant_invalid',
    });
  });

  it('refuses a grant for another device', async () => {
    expect(await verify(await sign({ claims: { device: 'device-2' } }))).toMatchObject({
      ok: false,
      code: 'grant_other_device',
    });
  });

  it('refuses claims of the wrong shape', async () => {
    expect(await verify(await sign({ claims: { modes: ['superuser'] } }))).toMatchObject({
      ok: false,
      code: 'grant_invalid',
    });
  });

  it('refuses an unsigned token', async () => {
    const unsigned = (await sign()).split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(await verify(`${header}.${unsigned[1]}.`)).toMatchObject({ ok: false, code: 'grant_invalid' });
  });
});
