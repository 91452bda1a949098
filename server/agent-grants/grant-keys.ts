/**
 * The server's keys for signing control-agent grants (ES256), kept in KEYS_DIR so grants and the published key set
 * survive restarts, and so every node given the same KEYS_DIR signs with the same key (an agent accepts a grant
 * whichever node issued it). Only the public halves are ever published (/api/agent/jwks).
 *
 * Rotation overlaps (`npm run agent:rotate-grant-key`): the current key becomes the previous one and a new key is made
 * that signs only from `signFrom`, GRANT_KEY_OVERLAP_MS later. Every node publishes both all along — the new one before
 * any grant carries it, longer than agents cache the key set; the old one for grants it signed — and each node reads
 * the files again every GRANT_KEY_RELOAD_MS, so no node needs restarting and all switch at the same time.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { z } from 'zod';
import { createKeyFileOnce } from '../keys/key-file.ts';

/** Longer than agents cache the key set (max-age 300 s) plus a node's reload interval. */
export const GRANT_KEY_OVERLAP_MS = 10 * 60_000;
export const GRANT_KEY_RELOAD_MS = 60_000;

const CURRENT = 'agent-grant-key.json';
const PREVIOUS = 'agent-grant-key.previous.json';

const storedSchema = z.object({
  privateKey: z.record(z.string(), z.unknown()),
  /** When it starts signing; before that it is only published. Absent: from the start. */
  signFrom: z.number().optional(),
});

export interface GrantKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  signFrom: number;
}

/** The keys a node signs with and publishes. */
export interface GrantKeys {
  /** The key that signs now: the current one once its time has come, else the previous one. */
  signing(now: number): GrantKey;
  /** Every key a valid grant may carry. */
  published(): JWK[];
}

async function newKeyFile(signFrom?: number): Promise<string> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig', kid: randomBytes(8).toString('hex') };
  return JSON.stringify(signFrom === undefined ? { privateKey: jwk } : { privateKey: jwk, signFrom });
}

async function readKey(file: string): Promise<GrantKey | undefined> {
  if (!existsSync(file)) return undefined;
  const stored = storedSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const jwk = stored.privateKey as JWK;
  const { d: _private, ...publicJwk } = jwk;
  return {
    kid: jwk.kid ?? '',
    privateKey: (await importJWK(jwk, 'ES256')) as CryptoKey,
    publicJwk,
    signFrom: stored.signFrom ?? 0,
  };
}

/** The key ring as the files say now (made on first use). */
export async function loadOrCreateGrantKeys(keysDir: string): Promise<GrantKeys> {
  const file = join(keysDir, CURRENT);
  if (!existsSync(file)) {
    const made = await newKeyFile();
    // Of several nodes starting at once, all keep the key made first.
    createKeyFileOnce(file, () => made);
  }
  const current = await readKey(file);
  if (!current) throw new Error(`${file} disappeared`);
  const previous = await readKey(join(keysDir, PREVIOUS));
  return {
    signing: (now) => (previous && now < current.signFrom ? previous : current),
    published: () => [current.publicJwk, ...(previous ? [previous.publicJwk] : [])],
  };
}

/**
 * The ring, read again every `intervalMs` (a rotation reaches every node without a restart); a reading that fails
 * keeps the last good ring and is reported.
 */
export async function watchGrantKeys(
  keysDir: string,
  onError: (error: unknown) => void,
  intervalMs = GRANT_KEY_RELOAD_MS,
): Promise<GrantKeys & { stop(): void }> {
  let ring = await loadOrCreateGrantKeys(keysDir);
  const timer = setInterval(() => {
    loadOrCreateGrantKeys(keysDir).then((next) => {
      ring = next;
    }, onError);
  }, intervalMs);
  timer.unref();
  return {
    signing: (now) => ring.signing(now),
    published: () => ring.published(),
    stop: () => clearInterval(timer),
  };
}

/** Makes a new key that signs from `now + GRANT_KEY_OVERLAP_MS`; the current key becomes the previous one. */
export async function rotateGrantKey(keysDir: string, now: number): Promise<{ signFrom: number }> {
  const file = join(keysDir, CURRENT);
  await loadOrCreateGrantKeys(keysDir);
  const signFrom = now + GRANT_KEY_OVERLAP_MS;
  const made = await newKeyFile(signFrom);
  const staged = join(keysDir, `${CURRENT}.next`);
  createKeyFileOnce(staged, () => made);
  // Two renames, each whole: a node reading in between sees the old key twice (still valid), never half a file.
  renameSync(file, join(keysDir, PREVIOUS));
  renameSync(staged, file);
  return { signFrom };
}
