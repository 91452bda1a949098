/**
 * The development provider's signing key and cookie secret, kept in KEYS_DIR so restarts keep people signed in and
 * every node given the same KEYS_DIR (and PUBLIC_ORIGIN) issues and accepts the same tokens.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { z } from 'zod';
import { createKeyFileOnce } from '../keys/key-file.ts';

const storedSchema = z.object({
  signingKey: z.record(z.string(), z.unknown()),
  cookieSecret: z.string().min(32),
});

export interface DevIdpSecrets {
  signingKey: JWK;
  cookieSecret: string;
}

export async function loadOrCreateDevSecrets(keysDir: string): Promise<DevIdpSecrets> {
  const file = join(keysDir, 'dev-idp-secrets.json');
  if (!existsSync(file)) {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = await exportJWK(privateKey);
    const secrets: DevIdpSecrets = {
      signingKey: { ...jwk, alg: 'RS256', use: 'sig', kid: randomBytes(8).toString('hex') },
      cookieSecret: randomBytes(32).toString('base64url'),
    };
    // Of several nodes starting at once, all keep the secrets made first.
    createKeyFileOnce(file, () => JSON.stringify(secrets));
  }
  const stored = storedSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  return { signingKey: stored.signingKey as JWK, cookieSecret: stored.cookieSecret };
}
