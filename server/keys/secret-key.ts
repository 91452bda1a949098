/**
 * Secret keys the server keeps outside its database (in KEYS_DIR), so that a copy of the database — a backup, a
 * stolen file — neither reverses what the keys protect nor forges it. Each key is 32 bytes from the CSPRNG, made on
 * first use and readable by the server's user only.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKeyFileOnce } from './key-file.ts';

const KEY_BYTES = 32;

export function loadOrCreateSecretKey(keysDir: string, name: string): Buffer {
  const file = join(keysDir, `${name}.key`);
  // Of several processes starting at once (nodes sharing KEYS_DIR), all keep the one key made first.
  createKeyFileOnce(file, () => `${randomBytes(KEY_BYTES).toString('base64url')}\n`);
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
  if (key.length < KEY_BYTES) throw new Error(`${file} holds a key shorter than ${KEY_BYTES} bytes`);
  return key;
}
