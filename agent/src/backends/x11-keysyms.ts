/**
 * X keysyms for what the helper sends: KeyboardEvent.code values for keys, and characters for text.
 * Values are from X11/keysymdef.h and XF86keysym.h.
 */

/** Keysym values used by name elsewhere in the backend. */
export const XK = {
  Return: 0xff0d,
  Tab: 0xff09,
  Shift_L: 0xffe1,
} as const;

/** Unicode code points with a keysym of the same value: printable ASCII and Latin-1 (keysymdef.h, "Latin 1"). */
function isLatin1Printable(codePoint: number): boolean {
  return (codePoint >= 0x20 && codePoint <= 0x7e) || (codePoint >= 0xa0 && codePoint <= 0xff);
}

/**
 * The keysym that types a character: Latin-1 keysyms equal their code point, every other character has the
 * Unicode keysym 0x01000000 + code point (X11 "Unicode keysyms"). Line breaks and tabs are keys; any other control
 * character has no keysym, so it is skipped (null) rather than typed as something else.
 */
export function keysymForCharacter(character: string): number | null {
  const codePoint = character.codePointAt(0);
  if (codePoint === undefined) return null;
  if (character === '\n') return XK.Return;
  if (character === '\t') return XK.Tab;
  if (isLatin1Printable(codePoint)) return codePoint;
  if (codePoint < 0xa0) return null;
  return 0x01000000 + codePoint;
}

function range(first: string, count: number, firstKeysym: number, prefix: string): Array<[string, number[]]> {
  return Array.from({ length: count }, (_, i) => [
    `${prefix}${String.fromCharCode(first.charCodeAt(0) + i)}`,
    [firstKeysym + i],
  ]);
}

function numbered(prefix: string, from: number, to: number, firstKeysym: number): Array<[string, number[]]> {
  return Array.from({ length: to - from + 1 }, (_, i) => [`${prefix}${from + i}`, [firstKeysym + i]]);
}

/**
 * KeyboardEvent.code → keysyms to look for on the sharer's keyboard, best first. Keys are looked up by the symbol
 * they carry, so a helper's Ctrl+Z is the sharer's Ctrl+Z whatever the two layouts. Where layouts differ in what a
 * key carries (AltGr, the Windows keys) there are alternatives, tried in order.
 */
const CODE_KEYSYMS: ReadonlyMap<string, readonly number[]> = new Map<string, number[]>([
  ...range('A', 26, 0x61, 'Key'), // a..z: the lower-case keysym is the key's own symbol
  ...numbered('Digit', 0, 9, 0x30),
  ...numbered('F', 1, 24, 0xffbe), // F1 = 0xffbe … F24 = 0xffd5
  ...numbered('Numpad', 0, 9, 0xffb0), // KP_0..KP_9
  ['Enter', [0xff0d]],
  ['Escape', [0xff1b]],
  ['Backspace', [0xff08]],
  ['Tab', [0xff09]],
  ['Space', [0x20]],
  ['ArrowLeft', [0xff51]],
  ['ArrowUp', [0xff52]],
  ['ArrowRight', [0xff53]],
  ['ArrowDown', [0xff54]],
  ['Home', [0xff50]],
  ['End', [0xff57]],
  ['PageUp', [0xff55]],
  ['PageDown', [0xff56]],
  ['Insert', [0xff63]],
  ['Delete', [0xffff]],
  ['ShiftLeft', [0xffe1]],
  ['ShiftRight', [0xffe2, 0xffe1]],
  ['ControlLeft', [0xffe3]],
  ['ControlRight', [0xffe4, 0xffe3]],
  ['AltLeft', [0xffe9]],
  // Many layouts put AltGr (ISO_Level3_Shift) where Alt_R would be.
  ['AltRight', [0xffea, 0xfe03, 0xffe9]],
  ['MetaLeft', [0xffeb, 0xffe7]], // Super_L, else Meta_L
  ['MetaRight', [0xffec, 0xffe8, 0xffeb]],
  ['CapsLock', [0xffe5]],
  ['NumLock', [0xff7f]],
  ['ScrollLock', [0xff14]],
  ['Pause', [0xff13]],
  ['PrintScreen', [0xff61]],
  ['ContextMenu', [0xff67]],
  ['Minus', [0x2d]],
  ['Equal', [0x3d]],
  ['BracketLeft', [0x5b]],
  ['BracketRight', [0x5d]],
  ['Backslash', [0x5c]],
  ['IntlBackslash', [0x3c]], // the extra key of ISO keyboards carries < > on most layouts
  ['Semicolon', [0x3b]],
  ['Quote', [0x27]],
  ['Backquote', [0x60]],
  ['Comma', [0x2c]],
  ['Period', [0x2e]],
  ['Slash', [0x2f]],
  ['NumpadAdd', [0xffab]],
  ['NumpadSubtract', [0xffad]],
  ['NumpadMultiply', [0xffaa]],
  ['NumpadDivide', [0xffaf]],
  ['NumpadDecimal', [0xffae]],
  ['NumpadEnter', [0xff8d]],
  ['NumpadEqual', [0xffbd]],
  ['AudioVolumeMute', [0x1008ff12]],
  ['AudioVolumeDown', [0x1008ff11]],
  ['AudioVolumeUp', [0x1008ff13]],
  ['MediaPlayPause', [0x1008ff14]],
  ['MediaStop', [0x1008ff15]],
  ['MediaTrackPrevious', [0x1008ff16]],
  ['MediaTrackNext', [0x1008ff17]],
]);

/** Keysyms for a KeyboardEvent.code, best first; empty if the code is not supported. */
export function keysymsForCode(code: string): readonly number[] {
  return CODE_KEYSYMS.get(code) ?? [];
}
