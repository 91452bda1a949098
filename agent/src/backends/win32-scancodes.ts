/**
 * KeyboardEvent.code → what SendInput presses for it on Windows. Codes name physical positions, and so do scan
 * codes (set 1, as in the keyboard's make codes): pressing by scan code lets the sharer's keyboard layout decide
 * what the key means, exactly as if the sharer pressed it — a helper's Ctrl+Z is the key where Z sits on a US
 * keyboard. Keys whose make code starts with E0 carry KEYEVENTF_EXTENDEDKEY.
 *
 * Two keys have no single make code (Pause sends E1 1D 45, and NumLock shares 0x45 with it), so they are pressed
 * by virtual-key code instead. Values follow the W3C "UI Events KeyboardEvent code" tables and Chromium's
 * dom_code_data.inc (its Windows column).
 */

export type WindowsKey =
  /** Pressed by scan code with KEYEVENTF_SCANCODE (and KEYEVENTF_EXTENDEDKEY when extended). */
  | { kind: 'scan'; scan: number; extended: boolean }
  /** Pressed by virtual-key code; `scan` is filled in for programs that read it. */
  | { kind: 'vk'; vk: number; scan: number; extended: boolean };

const plain = (scan: number): WindowsKey => ({ kind: 'scan', scan, extended: false });
const extended = (scan: number): WindowsKey => ({ kind: 'scan', scan, extended: true });

const LETTERS: Readonly<Record<string, number>> = {
  Q: 0x10,
  W: 0x11,
  E: 0x12,
  R: 0x13,
  T: 0x14,
  Y: 0x15,
  U: 0x16,
  I: 0x17,
  O: 0x18,
  P: 0x19,
  A: 0x1e,
  S: 0x1f,
  D: 0x20,
  F: 0x21,
  G: 0x22,
  H: 0x23,
  J: 0x24,
  K: 0x25,
  L: 0x26,
  Z: 0x2c,
  X: 0x2d,
  C: 0x2e,
  V: 0x2f,
  B: 0x30,
  N: 0x31,
  M: 0x32,
};

const PLAIN: Readonly<Record<string, number>> = {
  Escape: 0x01,
  Minus: 0x0c,
  Equal: 0x0d,
  Backspace: 0x0e,
  Tab: 0x0f,
  BracketLeft: 0x1a,
  BracketRight: 0x1b,
  Enter: 0x1c,
  ControlLeft: 0x1d,
  Semicolon: 0x27,
  Quote: 0x28,
  Backquote: 0x29,
  ShiftLeft: 0x2a,
  Backslash: 0x2b,
  Comma: 0x33,
  Period: 0x34,
  Slash: 0x35,
  ShiftRight: 0x36,
  NumpadMultiply: 0x37,
  AltLeft: 0x38,
  Space: 0x39,
  CapsLock: 0x3a,
  ScrollLock: 0x46,
  Numpad7: 0x47,
  Numpad8: 0x48,
  Numpad9: 0x49,
  NumpadSubtract: 0x4a,
  Numpad4: 0x4b,
  Numpad5: 0x4c,
  Numpad6: 0x4d,
  NumpadAdd: 0x4e,
  Numpad1: 0x4f,
  Numpad2: 0x50,
  Numpad3: 0x51,
  Numpad0: 0x52,
  NumpadDecimal: 0x53,
  IntlBackslash: 0x56,
  F11: 0x57,
  F12: 0x58,
  NumpadEqual: 0x59,
  KanaMode: 0x70,
  Lang2: 0x71,
  Lang1: 0x72,
  IntlRo: 0x73,
  Convert: 0x79,
  NonConvert: 0x7b,
  IntlYen: 0x7d,
  NumpadComma: 0x7e,
};

const EXTENDED: Readonly<Record<string, number>> = {
  MediaTrackPrevious: 0x10,
  MediaTrackNext: 0x19,
  NumpadEnter: 0x1c,
  ControlRight: 0x1d,
  AudioVolumeMute: 0x20,
  LaunchApp2: 0x21,
  MediaPlayPause: 0x22,
  MediaStop: 0x24,
  AudioVolumeDown: 0x2e,
  AudioVolumeUp: 0x30,
  BrowserHome: 0x32,
  NumpadDivide: 0x35,
  PrintScreen: 0x37,
  AltRight: 0x38,
  Home: 0x47,
  ArrowUp: 0x48,
  PageUp: 0x49,
  ArrowLeft: 0x4b,
  ArrowRight: 0x4d,
  End: 0x4f,
  ArrowDown: 0x50,
  PageDown: 0x51,
  Insert: 0x52,
  Delete: 0x53,
  MetaLeft: 0x5b,
  MetaRight: 0x5c,
  ContextMenu: 0x5d,
  Power: 0x5e,
  Sleep: 0x5f,
  WakeUp: 0x63,
  BrowserSearch: 0x65,
  BrowserFavorites: 0x66,
  BrowserRefresh: 0x67,
  BrowserStop: 0x68,
  BrowserForward: 0x69,
  BrowserBack: 0x6a,
  LaunchApp1: 0x6b,
  LaunchMail: 0x6c,
  MediaSelect: 0x6d,
};

/** Virtual-key codes (winuser.h) of the keys pressed by VK. */
const VK_PAUSE = 0x13;
const VK_NUMLOCK = 0x90;

const KEYS: ReadonlyMap<string, WindowsKey> = new Map<string, WindowsKey>([
  ...Object.entries(LETTERS).map(([letter, scan]): [string, WindowsKey] => [`Key${letter}`, plain(scan)]),
  // Digit1 … Digit9 are 0x02 … 0x0A, Digit0 follows at 0x0B, as on the keyboard.
  ...Array.from({ length: 10 }, (_, i): [string, WindowsKey] => [`Digit${(i + 1) % 10}`, plain(0x02 + i)]),
  // F1 … F10 are 0x3B … 0x44; F11 and F12 are in PLAIN; F13 … F23 are 0x64 … 0x6E and F24 is 0x76.
  ...Array.from({ length: 10 }, (_, i): [string, WindowsKey] => [`F${i + 1}`, plain(0x3b + i)]),
  ...Array.from({ length: 11 }, (_, i): [string, WindowsKey] => [`F${i + 13}`, plain(0x64 + i)]),
  ['F24', plain(0x76)],
  ...Object.entries(PLAIN).map(([code, scan]): [string, WindowsKey] => [code, plain(scan)]),
  ...Object.entries(EXTENDED).map(([code, scan]): [string, WindowsKey] => [code, extended(scan)]),
  ['Pause', { kind: 'vk', vk: VK_PAUSE, scan: 0x45, extended: false }],
  ['NumLock', { kind: 'vk', vk: VK_NUMLOCK, scan: 0x45, extended: true }],
]);

/** The key for a KeyboardEvent.code, or null if Windows has none (the caller reports it unsupported). */
export function windowsKeyForCode(code: string): WindowsKey | null {
  return KEYS.get(code) ?? null;
}

/** Every code the Windows backend can press (for tests and documentation). */
export function supportedCodes(): string[] {
  return [...KEYS.keys()];
}
