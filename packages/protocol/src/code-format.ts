/** Security codes as people read and type them; shared by the app and the server so both agree. */
import { CODE_ALPHABET, CODE_LENGTH } from './pairing.ts';

/** Shows a code in two groups of four, the way people read it aloud. */
export function formatCode(code: string): string {
  return `${code.slice(0, 4)} ${code.slice(4)}`;
}

// Letters that people read for digits: the alphabet leaves them out, so they can only have meant the digit.
const LOOK_ALIKES: Record<string, string> = { o: '0', i: '1', l: '1' };

/** Case-insensitive; spaces and dashes ignored. Returns undefined if the result cannot be a code. */
export function normaliseCode(input: string): string | undefined {
  const compact = input
    .toLowerCase()
    .replace(/[\s\-\u2010-\u2015]/gu, '')
    .replace(/[oil]/g, (c) => LOOK_ALIKES[c] ?? c);
  if (compact.length !== CODE_LENGTH) return undefined;
  for (const c of compact) if (!CODE_ALPHABET.includes(c)) return undefined;
  return compact;
}
