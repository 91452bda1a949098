/** Security codes on the server: drawing them from a CSPRNG and hashing them for storage (reading them: code-format.ts). */
import { createHmac, randomBytes } from 'node:crypto';
import { CODE_ALPHABET, CODE_LENGTH } from '@remote-help/protocol/pairing';

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

/**
 * What the database keeps of a code: an HMAC under a key that lives outside the database. A code has only 40 bits, so
 * a bare hash in a copy of the database would give every live code back in minutes; without the key it gives nothing.
 */
export function hashCode(code: string, key: Uint8Array): string {
  return createHmac('sha256', key).update(code).digest('base64url');
}
