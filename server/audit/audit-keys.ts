/**
 * The keys of the audit chain and its checkpoints (HMAC-SHA-256), kept outside the database in KEYS_DIR: someone who
 * can write the database but not this file cannot recompute the chain after changing it. Each record names the key
 * it was made with, so keys can be rotated (`npm run audit:rotate-key`): new records use the newest key, and every key
 * ever used stays in the file for verification.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { createKeyFileOnce } from '../keys/key-file.ts';

export const AUDIT_KEYS_FILE = 'audit-keys.json';

const fileSchema = z.object({
  keys: z.array(z.object({ id: z.string().min(1), secret: z.string().min(43), createdAt: z.string() })).min(1),
});

export interface AuditKey {
  id: string;
  secret: Buffer;
}

export class AuditKeys {
  /** The key new records and checkpoints are made with. */
  readonly current: AuditKey;
  private readonly byId: ReadonlyMap<string, AuditKey>;

  constructor(
    keys: readonly AuditKey[],
    /** Where they are kept, to name in messages. */
    readonly source = 'memory',
  ) {
    const last = keys[keys.length - 1];
    if (!last) throw new Error('an audit key set needs at least one key');
    this.current = last;
    this.byId = new Map(keys.map((k) => [k.id, k]));
  }

  find(id: string): AuditKey | undefined {
    return this.byId.get(id);
  }

  /** A fresh set of one key, kept nowhere: for a database that lives only as long as the process. */
  static generate(): AuditKeys {
    return new AuditKeys([newKey()]);
  }
}

function newKey(): AuditKey {
  return { id: randomBytes(6).toString('hex'), secret: randomBytes(32) };
}

export function mac(key: AuditKey, content: unknown): string {
  return createHmac('sha256', key.secret).update(JSON.stringify(content)).digest('hex');
}

function read(file: string): z.infer<typeof fileSchema> {
  return fileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

function write(file: string, content: z.infer<typeof fileSchema>): void {
  // Written whole and renamed into place: a crash never leaves half a key file.
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}

const entryOf = (key: AuditKey) => ({
  id: key.id,
  secret: key.secret.toString('base64url'),
  createdAt: new Date().toISOString(),
});

/** The keys in KEYS_DIR, made (one key) on first use. */
export function loadOrCreateAuditKeys(keysDir: string): AuditKeys {
  // Nodes sharing KEYS_DIR and starting at once all keep the one key made first.
  createKeyFileOnce(
    join(keysDir, AUDIT_KEYS_FILE),
    () => `${JSON.stringify({ keys: [entryOf(newKey())] }, null, 2)}\n`,
  );
  return loadAuditKeys(keysDir);
}

/** The keys in KEYS_DIR; for verification, which must never make a key of its own. */
export function loadAuditKeys(keysDir: string): AuditKeys {
  const file = join(keysDir, AUDIT_KEYS_FILE);
  if (!existsSync(file)) throw new Error(`There are no audit keys: ${file} is missing.`);
  const keys = read(file).keys.map((k) => ({ id: k.id, secret: Buffer.from(k.secret, 'base64url') }));
  return new AuditKeys(keys, file);
}

/** Adds a new key, which the server uses from its next start; returns its id. */
export function rotateAuditKey(keysDir: string): string {
  const file = join(keysDir, AUDIT_KEYS_FILE);
  const content = existsSync(file) ? read(file) : { keys: [] };
  const key = newKey();
  write(file, { keys: [...content.keys, entryOf(key)] });
  return key.id;
}
