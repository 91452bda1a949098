/**
 * Secret keys the server keeps outside its database (in KEYS_DIR), so that a copy of the database — a backup, a
 * stolen file — neither reverses what the keys protect nor forges it. Each key is 32 bytes from the CSPRNG, made on
 * first use and readable by the server's user only.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const KEY_BYTES = 32;

export function loadOrCreateSecretKey(keysDir: string, name: string): Buffer {
  const file = join(keysDir, `${name}.key`);
  if (!existsSync(file)) {
    mkdirSync(keysDir, { recursive: true, mode: 0o700 });
    try {
      // wx: of two processes starting at once, the second keeps the first one's key.
      writeFileSync(file, `${randomBytes(KEY_BYTES).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
  if (key.length < KEY_BYTES) throw new Error(`${file} holds a key shorter than ${KEY_BYTES} bytes`);
  return key;
}
