/**
 * The server's key for signing control-agent grants (ES256), kept in KEYS_DIR so grants and the published key set
 * survive restarts, and so every node given the same KEYS_DIR signs with the same key (an agent accepts a grant
 * whichever node issued it). Only the public half is ever published (/api/agent/jwks).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { z } from 'zod';
import { createKeyFileOnce } from '../keys/key-file.ts';

const storedSchema = z.object({ privateKey: z.record(z.string(), z.unknown()) });

export interface GrantKeys {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function loadOrCreateGrantKeys(keysDir: string): Promise<GrantKeys> {
  const file = join(keysDir, 'agent-grant-key.json');
  if (!existsSync(file)) {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const made = { ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig', kid: randomBytes(8).toString('hex') };
    // Of several nodes starting at once, all keep the key made first.
    createKeyFileOnce(file, () => JSON.stringify({ privateKey: made }));
  }
  const jwk = storedSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).privateKey as JWK;
  const { d: _private, ...publicJwk } = jwk;
  return {
    kid: jwk.kid ?? '',
    privateKey: (await importJWK(jwk, 'ES256')) as CryptoKey,
    publicJwk,
  };
}
