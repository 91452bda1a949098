/** The development provider's signing key and cookie secret, kept in the data folder so restarts keep people signed in. */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { z } from 'zod';

const storedSchema = z.object({
  signingKey: z.record(z.string(), z.unknown()),
  cookieSecret: z.string().min(32),
});

export interface DevIdpSecrets {
  signingKey: JWK;
  cookieSecret: string;
}

export async function loadOrCreateDevSecrets(dataDir: string): Promise<DevIdpSecrets> {
  const file = join(dataDir, 'dev-idp-secrets.json');
  if (existsSync(file)) {
    const stored = storedSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    return { signingKey: stored.signingKey as JWK, cookieSecret: stored.cookieSecret };
  }
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  const secrets: DevIdpSecrets = {
    signingKey: { ...jwk, alg: 'RS256', use: 'sig', kid: randomBytes(8).toString('hex') },
    cookieSecret: randomBytes(32).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}
