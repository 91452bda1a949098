/**
 * The key combinations the helper's browser keeps for itself (so they come from a menu instead), as the
 * KeyboardEvent.code keys pressed in order and released in reverse. Shared by every backend.
 */
import type { KeyCombo } from '@remote-help/protocol/peer-channels';

export const COMBO_KEYS: Readonly<Record<KeyCombo, readonly string[]>> = {
  ctrlAltDelete: ['ControlLeft', 'AltLeft', 'Delete'],
  meta: ['MetaLeft'],
  altTab: ['AltLeft', 'Tab'],
  altF4: ['AltLeft', 'F4'],
  ctrlShiftEscape: ['ControlLeft', 'ShiftLeft', 'Escape'],
  printScreen: ['PrintScreen'],
};

/** Presses the combo's keys in order and releases them in reverse, releasing what was pressed even on failure. */
export async function pressCombo(combo: KeyCombo, key: (code: string, down: boolean) => Promise<void>): Promise<void> {
  const keys = COMBO_KEYS[combo];
  const pressed: string[] = [];
  try {
    for (const code of keys) {
      await key(code, true);
      pressed.push(code);
    }
  } finally {
    for (const code of pressed.reverse()) await key(code, false);
  }
}
