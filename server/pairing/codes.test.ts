import { formatCode, normaliseCode } from '@remote-help/protocol/code-format';
import { CODE_ALPHABET, CODE_LENGTH } from '@remote-help/protocol/pairing';
import { describe, expect, it } from 'vitest';
import { drawCode, drawUniqueCode, hashCode } from './codes.ts';

describe('security codes', () => {
  it('uses 32 symbols with no look-alikes', () => {
    expect(new Set(CODE_ALPHABET).size).toBe(32);
    for (const c of 'ilou') expect(CODE_ALPHABET).not.toContain(c);
    expect(CODE_ALPHABET).toBe(CODE_ALPHABET.toLowerCase());
  });

  it('draws 8 symbols from the alphabet, 40 bits of entropy', () => {
    expect(CODE_LENGTH * Math.log2(CODE_ALPHABET.length)).toBeGreaterThanOrEqual(40);
    for (let i = 0; i < 1000; i++) {
      const code = drawCode();
      expect(code).toHaveLength(8);
      expect([...code].every((c) => CODE_ALPHABET.includes(c))).toBe(true);
    }
  });

  it('uses every symbol about equally (chi-square over 100k draws)', () => {
    const counts = new Map<string, number>();
    const draws = 100_000;
    for (let i = 0; i < draws; i++) for (const c of drawCode()) counts.set(c, (counts.get(c) ?? 0) + 1);
    const expected = (draws * CODE_LENGTH) / 32;
    let chi = 0;
    for (const c of CODE_ALPHABET) chi += ((counts.get(c) ?? 0) - expected) ** 2 / expected;
    // 31 degrees of freedom: beyond 90 a fair generator lands less than once in ten million runs.
    expect(chi).toBeLessThan(90);
  });

  it('never hands out a code that is taken, across 100k draws', async () => {
    const taken = new Set<string>();
    for (let i = 0; i < 100_000; i++) taken.add(await drawUniqueCode((c) => taken.has(c)));
    expect(taken.size).toBe(100_000);
  });

  it('draws again when the first draws are taken', async () => {
    const sequence = [new Uint8Array(8).fill(0), new Uint8Array(8).fill(0), new Uint8Array(8).fill(1)];
    const code = await drawUniqueCode(
      (c) => c === '00000000',
      () => sequence.shift() ?? new Uint8Array(8),
    );
    expect(code).toBe('11111111');
  });

  it('gives up rather than loop forever when every code is taken', async () => {
    await expect(drawUniqueCode(() => true)).rejects.toThrow(/could not draw/);
  });
});

describe('normalising what people type', () => {
  it.each([
    ['ab3d ef7h', 'ab3def7h'],
    ['AB3D-EF7H', 'ab3def7h'],
    ['  ab3d  ef7h ', 'ab3def7h'],
    ['ab3d–ef7h', 'ab3def7h'],
    ['OIL0 abcd', '0110abcd'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseCode(input)).toBe(expected);
  });

  it.each(['', 'abc', 'ab3def7h9', 'ab3d ef7!', 'ab3d ef7u'])('refuses %j', (input) => {
    expect(normaliseCode(input)).toBeUndefined();
  });

  it('formats in two groups of four', () => {
    expect(formatCode('ab3def7h')).toBe('ab3d ef7h');
  });
});

describe('storing codes', () => {
  it('keys the hash with the server’s secret: another key gives another hash, the same key the same', () => {
    const key = new Uint8Array(32).fill(7);
    expect(hashCode('ab3def7h', key)).toBe(hashCode('ab3def7h', new Uint8Array(32).fill(7)));
    expect(hashCode('ab3def7h', key)).not.toBe(hashCode('ab3def7h', new Uint8Array(32).fill(8)));
    expect(hashCode('ab3def7h', key)).not.toBe(hashCode('ab3def7j', key));
  });
});
