/**
 * Key files made once and shared: the nodes of a cluster are given the same KEYS_DIR, and may all start at the same
 * moment on an empty one. Each file is written whole under a temporary name and linked into place, which fails if the
 * file exists — so exactly one key is made, every process reads that one, and nobody reads half a file.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes `content()` to `file` (readable by the server's user only) unless the file exists already. */
export function createKeyFileOnce(file: string, content: () => string): void {
  if (existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, content(), { mode: 0o600 });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
}
