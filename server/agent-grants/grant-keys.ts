/**
 * The server's key for signing control-agent grants (ES256), kept in the data folder so grants and the published key
 * set survive restarts. Only the public half is ever published (/api/agent/jwks).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { z } from 'zod';

const storedSchema = z.object({ privateKey: z.record(z.string(), z.unknown()) });

export interface GrantKeys {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function loadOrCreateGrantKeys(dataDir: string): Promise<GrantKeys> {
  const file = join(dataDir, 'agent-grant-key.json');
  let jwk: JWK;
  if (existsSync(file)) {
    jwk = storedSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).privateKey as JWK;
  } else {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    jwk = { ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig', kid: randomBytes(8).toString('hex') };
    writeFileSync(file, JSON.stringify({ privateKey: jwk }), { mode: 0o600 });
  }
  const { d: _private, ...publicJwk } = jwk;
  return {
    kid: jwk.kid ?? '',
    privateKey: (await importJWK(jwk, 'ES256')) as CryptoKey,
    publicJwk,
  };
}
