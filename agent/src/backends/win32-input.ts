/**
 * The INPUT records the Windows backend hands to SendInput, built here as plain values so every flag, scan code
 * and coordinate is tested without Windows. Constants are those of winuser.h.
 */
import type { WindowsKey } from './win32-scancodes.ts';

export const INPUT_MOUSE = 0;
export const INPUT_KEYBOARD = 1;

export const MOUSEEVENTF = {
  MOVE: 0x0001,
  LEFTDOWN: 0x0002,
  LEFTUP: 0x0004,
  RIGHTDOWN: 0x0008,
  RIGHTUP: 0x0010,
  MIDDLEDOWN: 0x0020,
  MIDDLEUP: 0x0040,
  WHEEL: 0x0800,
  HWHEEL: 0x1000,
  /** Coordinates span the whole virtual desktop (all monitors), not only the primary one. */
  VIRTUALDESK: 0x4000,
  ABSOLUTE: 0x8000,
} as const;

export const KEYEVENTF = {
  EXTENDEDKEY: 0x0001,
  KEYUP: 0x0002,
  UNICODE: 0x0004,
  SCANCODE: 0x0008,
} as const;

/** One notch of a wheel (winuser.h WHEEL_DELTA). */
export const WHEEL_DELTA = 120;

export interface MouseInput {
  dx: number;
  dy: number;
  /** A DWORD: wheel amounts are written as their unsigned 32-bit two's complement. */
  mouseData: number;
  dwFlags: number;
  time: number;
  dwExtraInfo: number;
}

export interface KeybdInput {
  wVk: number;
  wScan: number;
  dwFlags: number;
  time: number;
  dwExtraInfo: number;
}

export type Win32Input =
  | { type: typeof INPUT_MOUSE; u: { mi: MouseInput } }
  | { type: typeof INPUT_KEYBOARD; u: { ki: KeybdInput } };

/** A rectangle in physical pixels of the virtual desktop; left and top may be negative (a monitor left of or above the primary). */
export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

function mouse(dwFlags: number, dx = 0, dy = 0, mouseData = 0): Win32Input {
  return { type: INPUT_MOUSE, u: { mi: { dx, dy, mouseData: mouseData >>> 0, dwFlags, time: 0, dwExtraInfo: 0 } } };
}

function keyboard(wVk: number, wScan: number, dwFlags: number): Win32Input {
  return { type: INPUT_KEYBOARD, u: { ki: { wVk, wScan, dwFlags, time: 0, dwExtraInfo: 0 } } };
}

const NORMALIZED_MAX = 65535;

/**
 * A pixel of the virtual desktop (absolute screen coordinates) → SendInput's normalized 0–65535 over the virtual
 * desktop. Windows maps a normalized value n back to pixel left + ⌊n · width / 65536⌋; aiming at the pixel's
 * centre lands on that pixel whichever way the value is rounded, on any desktop narrower than 65536 pixels.
 */
export function normalizedPoint(x: number, y: number, desktop: Rect): { dx: number; dy: number } {
  const scale = (value: number, start: number, size: number) => {
    const n = Math.round(((value - start + 0.5) * (NORMALIZED_MAX + 1)) / size);
    return Math.min(Math.max(n, 0), NORMALIZED_MAX);
  };
  return { dx: scale(x, desktop.left, desktop.width), dy: scale(y, desktop.top, desktop.height) };
}

/** An absolute move to a pixel of the virtual desktop. */
export function moveInput(x: number, y: number, desktop: Rect): Win32Input {
  const { dx, dy } = normalizedPoint(x, y, desktop);
  return mouse(MOUSEEVENTF.MOVE | MOUSEEVENTF.ABSOLUTE | MOUSEEVENTF.VIRTUALDESK, dx, dy);
}

export type MouseButton = 'left' | 'middle' | 'right';

const BUTTON_FLAGS: Readonly<Record<MouseButton, { down: number; up: number }>> = {
  left: { down: MOUSEEVENTF.LEFTDOWN, up: MOUSEEVENTF.LEFTUP },
  middle: { down: MOUSEEVENTF.MIDDLEDOWN, up: MOUSEEVENTF.MIDDLEUP },
  right: { down: MOUSEEVENTF.RIGHTDOWN, up: MOUSEEVENTF.RIGHTUP },
};

/** Buttons are not swapped here: SendInput's LEFTDOWN is the physical left button, and Windows applies the sharer's "swap buttons" setting itself. */
export function buttonInput(button: MouseButton, down: boolean): Win32Input {
  const flags = BUTTON_FLAGS[button];
  return mouse(down ? flags.down : flags.up);
}

/**
 * Wheel steps as in the browser's WheelEvent (positive dy scrolls down, positive dx right). Windows counts the
 * vertical wheel the other way: a positive WHEEL amount scrolls up (away from the user), a positive HWHEEL right.
 */
export function wheelInputs(dx: number, dy: number): Win32Input[] {
  const inputs: Win32Input[] = [];
  if (dy !== 0) inputs.push(mouse(MOUSEEVENTF.WHEEL, 0, 0, -dy * WHEEL_DELTA));
  if (dx !== 0) inputs.push(mouse(MOUSEEVENTF.HWHEEL, 0, 0, dx * WHEEL_DELTA));
  return inputs;
}

/** A key by scan code (or virtual-key code, for the two keys without one), pressed or released. */
export function keyInput(key: WindowsKey, down: boolean): Win32Input {
  const up = down ? 0 : KEYEVENTF.KEYUP;
  const extended = key.extended ? KEYEVENTF.EXTENDEDKEY : 0;
  if (key.kind === 'vk') return keyboard(key.vk, key.scan, extended | up);
  return keyboard(0, key.scan, KEYEVENTF.SCANCODE | extended | up);
}

/** Enter and Tab are typed as the keys, which every program understands; a bare U+000A is not a new line to them. */
const TYPED_AS_KEYS: Readonly<Record<string, WindowsKey>> = {
  '\n': { kind: 'scan', scan: 0x1c, extended: false },
  '\t': { kind: 'scan', scan: 0x0f, extended: false },
};

/**
 * Text → KEYEVENTF_UNICODE presses, one down and one up per UTF-16 code unit: Windows turns each into a WM_CHAR,
 * and programs join a surrogate pair back into one character (as Chrome Remote Desktop sends them). The keyboard
 * layout plays no part, so text arrives as typed in any script. Line ends become Enter.
 */
export function textInputs(text: string): Win32Input[] {
  const inputs: Win32Input[] = [];
  for (const character of text.replace(/\r\n?/g, '\n')) {
    const key = TYPED_AS_KEYS[character];
    if (key) {
      inputs.push(keyInput(key, true), keyInput(key, false));
      continue;
    }
    for (let i = 0; i < character.length; i++) {
      const unit = character.charCodeAt(i);
      inputs.push(keyboard(0, unit, KEYEVENTF.UNICODE), keyboard(0, unit, KEYEVENTF.UNICODE | KEYEVENTF.KEYUP));
    }
  }
  return inputs;
}
