/**
 * This computer's device id: random, made on first start and kept, so the server can issue grants for this
 * agent only (a grant names the device it is for). It identifies nothing about the person or the machine.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './config.ts';

const deviceFileSchema = z.object({
  device: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._-]+$/),
  createdAt: z.string().optional(),
});

function isErrno(e: unknown, code: string): boolean {
  return e instanceof Error && 'code' in e && e.code === code;
}

function readDeviceId(file: string): string | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return null;
    throw new ConfigError(`Cannot read the device file ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = deviceFileSchema.safeParse(parseJson(text));
  if (!parsed.success) {
    // A silently made new id would look like a new computer to the server, so the person decides.
    throw new ConfigError(
      `The device file ${file} is damaged. Delete it to make a new device id (the app will then see a new device).`,
    );
  }
  return parsed.data.device;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Returns the kept device id, making the file (private to this user) on first start. */
export function loadOrCreateDeviceId(file: string): string {
  const existing = readDeviceId(file);
  if (existing) return existing;
  const device = randomUUID();
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // 'wx': if another agent made the file meanwhile, keep its id rather than replace it.
    writeFileSync(file, `${JSON.stringify({ device, createdAt: new Date().toISOString() }, null, 2)}\n`, {
      flag: 'wx',
      mode: 0o600,
    });
  } catch (e) {
    if (isErrno(e, 'EEXIST')) return readDeviceId(file) ?? device;
    throw new ConfigError(`Cannot create the device file ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return device;
}
