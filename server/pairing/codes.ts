/** Security codes on the server: drawing them from a CSPRNG and hashing them for storage (reading them: code-format.ts). */
import { createHash, randomBytes } from 'node:crypto';
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

export function hashCode(code: string): string {
  return createHash('sha256').update(code).digest('base64url');
}
