/**
 * Pure lookups in a snapshot of the X core keyboard mapping: where a keysym is, which keycodes are free to
 * borrow. Kept free of FFI so the layout rules are tested without an X server.
 */
import type { KeyboardMappingReply } from './x11-lib.ts';

export type KeyboardMapping = KeyboardMappingReply;

export interface KeyLocation {
  keycode: number;
  /** The keysym is the key's second level: Shift must be held. */
  shift: boolean;
}

/** How many keycodes the mapping describes. */
export function keycodeCount(mapping: KeyboardMapping): number {
  return mapping.keysymsPerKeycode === 0 ? 0 : mapping.keysyms.length / mapping.keysymsPerKeycode;
}

export function keysymAt(mapping: KeyboardMapping, keycode: number, column: number): number {
  if (column >= mapping.keysymsPerKeycode) return 0;
  return mapping.keysyms[(keycode - mapping.minKeycode) * mapping.keysymsPerKeycode + column] ?? 0;
}

export function keysymsOf(mapping: KeyboardMapping, keycode: number): number[] {
  return Array.from({ length: mapping.keysymsPerKeycode }, (_, column) => keysymAt(mapping, keycode, column));
}

function keycodes(mapping: KeyboardMapping): number[] {
  return Array.from({ length: keycodeCount(mapping) }, (_, i) => mapping.minKeycode + i);
}

/**
 * The columns holding levels 1 and 2 of an XKB group in the core mapping: group 1 is columns 0-1, group 2 is
 * columns 2-3 (XKB protocol, "Core Keyboard Mapping"). A key with one group shows empty group-2 columns or a copy
 * of group 1; XKB wraps the group for such keys, so group 1's columns are what it types. Groups 3 and 4 are spread
 * over later columns in ways the core mapping does not make reliable: the caller then borrows a spare keycode.
 */
function groupColumns(mapping: KeyboardMapping, keycode: number, group: number): [number, number] | null {
  if (group === 0) return [0, 1];
  if (group !== 1) return null;
  const empty = keysymAt(mapping, keycode, 2) === 0 && keysymAt(mapping, keycode, 3) === 0;
  return empty ? [0, 1] : [2, 3];
}

/**
 * Where a keysym can be typed in the active group: a plain key first, else a key with Shift. Only the first two
 * levels are used — the third (AltGr) would need modifiers whose keys differ from layout to layout.
 */
export function findInGroup(mapping: KeyboardMapping, keysym: number, group: number): KeyLocation | null {
  for (const level of [0, 1]) {
    for (const keycode of keycodes(mapping)) {
      const columns = groupColumns(mapping, keycode, group);
      if (columns && keysymAt(mapping, keycode, columns[level] ?? 0) === keysym) {
        return { keycode, shift: level === 1 };
      }
    }
  }
  return null;
}

/** A keycode carrying the keysym anywhere: enough for keys, which are pressed as they are (with the helper's own modifiers). */
export function findAnywhere(mapping: KeyboardMapping, keysym: number): number | null {
  for (const keycode of keycodes(mapping)) {
    if (keysymsOf(mapping, keycode).includes(keysym)) return keycode;
  }
  return null;
}

/**
 * Keycodes with no keysyms at all, which the agent may borrow. The highest come first: they are furthest from
 * real keys. The lowest keycode (8, evdev's "reserved" key) is left alone, as xdotool does too.
 */
export function spareKeycodes(mapping: KeyboardMapping): number[] {
  return keycodes(mapping)
    .filter((keycode) => keycode > mapping.minKeycode && keysymsOf(mapping, keycode).every((keysym) => keysym === 0))
    .reverse();
}

/** A copy of the mapping with one keycode's keysyms replaced, to keep a snapshot true after a remap. */
export function withKeysyms(mapping: KeyboardMapping, keycode: number, keysyms: readonly number[]): KeyboardMapping {
  const copy = [...mapping.keysyms];
  const start = (keycode - mapping.minKeycode) * mapping.keysymsPerKeycode;
  for (let column = 0; column < mapping.keysymsPerKeycode; column++) {
    copy[start + column] = keysyms[column] ?? 0;
  }
  return { ...mapping, keysyms: copy };
}

/**
 * The spare keycodes in least-recently-used order. Rotating through several gives X clients time to read a key
 * press with the mapping it was typed with before that keycode is remapped to another character.
 */
export class SpareRotation {
  private readonly order: number[];

  constructor(spares: readonly number[]) {
    this.order = [...spares];
  }

  get size(): number {
    return this.order.length;
  }

  /** The least recently used spare that is still usable, now marked as most recently used. */
  take(usable: (keycode: number) => boolean): number | null {
    const index = this.order.findIndex(usable);
    if (index < 0) return null;
    const [keycode] = this.order.splice(index, 1);
    if (keycode === undefined) return null;
    this.order.push(keycode);
    return keycode;
  }

  /** Marks a spare as just used (when it is typed again without a remap). */
  touch(keycode: number): void {
    const index = this.order.indexOf(keycode);
    if (index < 0) return;
    this.order.splice(index, 1);
    this.order.push(keycode);
  }
}
