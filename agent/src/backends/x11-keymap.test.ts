import { describe, expect, it } from 'vitest';
import {
  findAnywhere,
  findInGroup,
  type KeyboardMapping,
  keysymsOf,
  SpareRotation,
  spareKeycodes,
  withKeysyms,
} from './x11-keymap.ts';
import { keysymForCharacter, keysymsForCode } from './x11-keysyms.ts';

const a = 0x61;
const A = 0x41;
const ef = 0x6c6; // Cyrillic_ef
const EF = 0x6e6;
const Return = 0xff0d;

/** Keycodes 8..13 with 4 keysyms each: two groups (us, ru) on keycode 9, one-group keys, and spares. */
function mapping(): KeyboardMapping {
  return {
    minKeycode: 8,
    keysymsPerKeycode: 4,
    keysyms: [
      ...[0, 0, 0, 0], // 8: reserved, never lent
      ...[a, A, ef, EF], // 9: a/A in group 1, ф/Ф in group 2
      ...[Return, 0, 0, 0], // 10: one group, group-2 columns empty
      ...[0, 0, 0, 0], // 11: spare
      ...[0x31, 0x21, 0x31, 0x21], // 12: 1/! copied into group 2
      ...[0, 0, 0, 0], // 13: spare
    ],
  };
}

describe('keyboard mapping lookups', () => {
  it('finds a keysym at the first level, or the second with Shift', () => {
    expect(findInGroup(mapping(), a, 0)).toEqual({ keycode: 9, shift: false });
    expect(findInGroup(mapping(), A, 0)).toEqual({ keycode: 9, shift: true });
    expect(findInGroup(mapping(), 0x21, 0)).toEqual({ keycode: 12, shift: true });
  });

  it('looks in the active group only, wrapping keys that have one group', () => {
    expect(findInGroup(mapping(), ef, 0)).toBeNull();
    expect(findInGroup(mapping(), ef, 1)).toEqual({ keycode: 9, shift: false });
    // In the Russian group, keycode 9 types ф, so "a" needs a lent keycode.
    expect(findInGroup(mapping(), a, 1)).toBeNull();
    expect(findInGroup(mapping(), Return, 1)).toEqual({ keycode: 10, shift: false });
    expect(findInGroup(mapping(), 0x31, 1)).toEqual({ keycode: 12, shift: false });
    // Groups 3 and 4 are not read from the core mapping.
    expect(findInGroup(mapping(), a, 2)).toBeNull();
  });

  it('finds a keysym in any group for keys', () => {
    expect(findAnywhere(mapping(), EF)).toBe(9);
    expect(findAnywhere(mapping(), 0x1004e2d)).toBeNull();
  });

  it('lists spare keycodes highest first, never the reserved lowest one', () => {
    expect(spareKeycodes(mapping())).toEqual([13, 11]);
  });

  it('updates a snapshot after a keycode is lent', () => {
    const lent = withKeysyms(mapping(), 11, [0x1004e2d, 0x1004e2d]);
    expect(keysymsOf(lent, 11)).toEqual([0x1004e2d, 0x1004e2d, 0, 0]);
    expect(findInGroup(lent, 0x1004e2d, 1)).toEqual({ keycode: 11, shift: false });
    expect(keysymsOf(mapping(), 11)).toEqual([0, 0, 0, 0]);
  });
});

describe('spare rotation', () => {
  it('lends the least recently used usable keycode', () => {
    const rotation = new SpareRotation([20, 21, 22]);
    expect(rotation.take(() => true)).toBe(20);
    expect(rotation.take(() => true)).toBe(21);
    rotation.touch(22);
    expect(rotation.take(() => true)).toBe(20);
    expect(rotation.take((k) => k !== 21)).toBe(22);
    expect(rotation.take(() => false)).toBeNull();
  });
});

describe('keysyms', () => {
  it('maps characters to Latin-1 or Unicode keysyms', () => {
    expect(keysymForCharacter('a')).toBe(0x61);
    expect(keysymForCharacter('é')).toBe(0xe9);
    expect(keysymForCharacter('€')).toBe(0x10020ac);
    expect(keysymForCharacter('中')).toBe(0x1004e2d);
    expect(keysymForCharacter('😀')).toBe(0x101f600);
    expect(keysymForCharacter('\n')).toBe(Return);
    expect(keysymForCharacter('\u0007')).toBeNull();
    expect(keysymForCharacter('\u0085')).toBeNull();
  });

  it('maps KeyboardEvent codes to keysyms', () => {
    expect(keysymsForCode('KeyZ')).toEqual([0x7a]);
    expect(keysymsForCode('Digit7')).toEqual([0x37]);
    expect(keysymsForCode('F12')).toEqual([0xffc9]);
    expect(keysymsForCode('F24')).toEqual([0xffd5]);
    expect(keysymsForCode('Numpad5')).toEqual([0xffb5]);
    expect(keysymsForCode('MetaLeft')[0]).toBe(0xffeb);
    expect(keysymsForCode('Unknown')).toEqual([]);
  });
});
