/** Security codes: drawing them from a CSPRNG, normalising what people type, and formatting them for reading. */
import { createHash, randomBytes } from 'node:crypto';
import { CODE_ALPHABET, CODE_LENGTH } from '../../src/protocol/schema.ts';

/** One code, 5 bits a symbol: 256 is a multiple of 32, so masking a random byte is unbiased. */
export function drawCode(random: (size: number) => Uint8Array = randomBytes): string {
  const bytes = random(CODE_LENGTH);
  let code = '';
  for (const b of bytes) code += CODE_ALPHABET[b & 31];
  return code;
}

/** Draws until `isTaken` says no, so two live codes are never equal. */
export async function drawUniqueCode(
  isTaken: (code: string) => boolean | Promise<boolean>,
  random?: (size: number) => Uint8Array,
): Promise<string> {
  for (let attempt = 0; attempt < 16; attempt++) {
    const code = drawCode(random);
    if (!(await isTaken(code))) return code;
  }
  throw new Error('could not draw a free security code');
}

// Letters that people read for digits: the alphabet leaves them out, so they can only have meant the digit.
const LOOK_ALIKES: Record<string, string> = { o: '0', i: '1', l: '1' };

/** Case-insensitive; spaces and dashes ignored. Returns undefined if the result cannot be a code. */
export function normaliseCode(input: string): string | undefined {
  const compact = input
    .toLowerCase()
    .replace(/[\s\-‐-―]/gu, '')
    .replace(/[oil]/g, (c) => LOOK_ALIKES[c] ?? c);
  if (compact.length !== CODE_LENGTH) return undefined;
  for (const c of compact) if (!CODE_ALPHABET.includes(c)) return undefined;
  return compact;
}

export function hashCode(code: string): string {
  return createHash('sha256').update(code).digest('base64url');
}
