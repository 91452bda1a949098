/** The SendInput records the Windows backend builds: coordinates, buttons, wheel, keys and Unicode text. */
import { describe, expect, it } from 'vitest';
import {
  buttonInput,
  INPUT_KEYBOARD,
  KEYEVENTF,
  keyInput,
  MOUSEEVENTF,
  moveInput,
  normalizedPoint,
  type Rect,
  textInputs,
  type Win32Input,
  wheelInputs,
} from './win32-input.ts';
import { windowsKeyForCode } from './win32-scancodes.ts';

/** The pixel Windows lands on for a normalized value: left + ⌊n · size / 65536⌋. */
const landsOn = (n: number, start: number, size: number) => start + Math.floor((n * size) / 65536);
/** Wine and some Windows builds round instead: left + round(n · size / 65535). */
const landsOnRounded = (n: number, start: number, size: number) => start + Math.round((n * size) / 65535);

const mi = (input: Win32Input | undefined) => {
  if (input?.type !== 0) throw new Error('not a mouse input');
  return input.u.mi;
};
const ki = (input: Win32Input | undefined) => {
  if (input?.type !== INPUT_KEYBOARD) throw new Error('not a keyboard input');
  return input.u.ki;
};

describe('pointer positions over the virtual desktop', () => {
  const single: Rect = { left: 0, top: 0, width: 1920, height: 1080 };
  // A 1280×1024 monitor left of a 2560×1440 primary, its top 200 px higher: the virtual desktop starts at (-1280, -200).
  const twoMonitors: Rect = { left: -1280, top: -200, width: 3840, height: 1640 };

  it('maps the corners and the middle of one monitor to 0…65535', () => {
    expect(normalizedPoint(0, 0, single)).toEqual({ dx: 17, dy: 30 });
    expect(normalizedPoint(1919, 1079, single)).toEqual({ dx: 65519, dy: 65506 });
    expect(normalizedPoint(960, 540, single)).toEqual({ dx: 32785, dy: 32798 });
  });

  it('lands exactly on every pixel, whichever way Windows rounds, on one monitor and on two with a negative origin', () => {
    for (const desktop of [single, twoMonitors, { left: 0, top: 0, width: 7680, height: 4320 }]) {
      for (let x = desktop.left; x < desktop.left + desktop.width; x += 7) {
        const { dx } = normalizedPoint(x, desktop.top, desktop);
        expect(landsOn(dx, desktop.left, desktop.width)).toBe(x);
        expect(Math.abs(landsOnRounded(dx, desktop.left, desktop.width) - x)).toBeLessThanOrEqual(1);
      }
      for (let y = desktop.top; y < desktop.top + desktop.height; y += 5) {
        const { dy } = normalizedPoint(desktop.left, y, desktop);
        expect(landsOn(dy, desktop.top, desktop.height)).toBe(y);
      }
    }
  });

  it('reaches the monitor left of and above the primary one (negative coordinates)', () => {
    const leftMonitorTopLeft = normalizedPoint(-1280, -200, twoMonitors);
    expect(leftMonitorTopLeft.dx).toBeLessThan(20);
    expect(leftMonitorTopLeft.dy).toBeLessThan(30);
    // The primary monitor's origin (0,0) is a third of the way across and 200/1640 of the way down.
    const primaryOrigin = normalizedPoint(0, 0, twoMonitors);
    expect(landsOn(primaryOrigin.dx, -1280, 3840)).toBe(0);
    expect(landsOn(primaryOrigin.dy, -200, 1640)).toBe(0);
  });

  it('clamps points off the desktop to its edges', () => {
    expect(normalizedPoint(-5000, 99999, single)).toEqual({ dx: 0, dy: 65535 });
  });

  it('moves with MOVE | ABSOLUTE | VIRTUALDESK', () => {
    const move = mi(moveInput(-1280, -200, twoMonitors));
    expect(move.dwFlags).toBe(MOUSEEVENTF.MOVE | MOUSEEVENTF.ABSOLUTE | MOUSEEVENTF.VIRTUALDESK);
    expect(move.dwFlags).toBe(0xc001);
  });
});

describe('buttons and wheel', () => {
  it('presses and releases each button with its own flag', () => {
    expect(mi(buttonInput('left', true)).dwFlags).toBe(0x0002);
    expect(mi(buttonInput('left', false)).dwFlags).toBe(0x0004);
    expect(mi(buttonInput('right', true)).dwFlags).toBe(0x0008);
    expect(mi(buttonInput('right', false)).dwFlags).toBe(0x0010);
    expect(mi(buttonInput('middle', true)).dwFlags).toBe(0x0020);
    expect(mi(buttonInput('middle', false)).dwFlags).toBe(0x0040);
  });

  it('scrolls down with a negative WHEEL amount and right with a positive HWHEEL one, 120 a step', () => {
    const [down] = wheelInputs(0, 3);
    expect(mi(down).dwFlags).toBe(MOUSEEVENTF.WHEEL);
    // -360 as the DWORD Windows reads it.
    expect(mi(down).mouseData).toBe(2 ** 32 - 360);
    expect(mi(wheelInputs(0, -1)[0]).mouseData).toBe(120);
    const [right] = wheelInputs(2, 0);
    expect(mi(right).dwFlags).toBe(MOUSEEVENTF.HWHEEL);
    expect(mi(right).mouseData).toBe(240);
    expect(wheelInputs(1, 1).map((i) => mi(i).dwFlags)).toEqual([MOUSEEVENTF.WHEEL, MOUSEEVENTF.HWHEEL]);
    expect(wheelInputs(0, 0)).toEqual([]);
  });
});

describe('keys by scan code', () => {
  const pressed = (code: string, down = true) => {
    const key = windowsKeyForCode(code);
    if (!key) throw new Error(`no key for ${code}`);
    return ki(keyInput(key, down));
  };

  it('maps letters, digits and punctuation to their set-1 scan codes (US positions)', () => {
    expect(pressed('KeyA')).toEqual({ wVk: 0, wScan: 0x1e, dwFlags: KEYEVENTF.SCANCODE, time: 0, dwExtraInfo: 0 });
    expect(pressed('KeyZ').wScan).toBe(0x2c);
    expect(pressed('KeyQ').wScan).toBe(0x10);
    expect(pressed('KeyM').wScan).toBe(0x32);
    expect(pressed('Digit1').wScan).toBe(0x02);
    expect(pressed('Digit9').wScan).toBe(0x0a);
    expect(pressed('Digit0').wScan).toBe(0x0b);
    expect(pressed('Backquote').wScan).toBe(0x29);
    expect(pressed('IntlBackslash').wScan).toBe(0x56);
    expect(pressed('Enter').wScan).toBe(0x1c);
    expect(pressed('Escape').wScan).toBe(0x01);
  });

  it('maps the function keys F1–F24', () => {
    expect(pressed('F1').wScan).toBe(0x3b);
    expect(pressed('F10').wScan).toBe(0x44);
    expect(pressed('F11').wScan).toBe(0x57);
    expect(pressed('F12').wScan).toBe(0x58);
    expect(pressed('F13').wScan).toBe(0x64);
    expect(pressed('F23').wScan).toBe(0x6e);
    expect(pressed('F24').wScan).toBe(0x76);
  });

  it('marks the E0-prefixed keys extended, and not their main-block twins', () => {
    const extended = (code: string) => (pressed(code).dwFlags & KEYEVENTF.EXTENDEDKEY) !== 0;
    for (const code of [
      'ControlRight',
      'AltRight',
      'MetaLeft',
      'MetaRight',
      'ContextMenu',
      'Insert',
      'Delete',
      'Home',
      'End',
      'PageUp',
      'PageDown',
      'ArrowUp',
      'ArrowDown',
      'ArrowLeft',
      'ArrowRight',
      'NumpadEnter',
      'NumpadDivide',
      'PrintScreen',
    ]) {
      expect(extended(code), code).toBe(true);
    }
    for (const code of ['ControlLeft', 'AltLeft', 'ShiftLeft', 'ShiftRight', 'Enter', 'Slash', 'Numpad7', 'Numpad8']) {
      expect(extended(code), code).toBe(false);
    }
    // The same scan code, told apart only by the flag.
    expect(pressed('Delete').wScan).toBe(pressed('NumpadDecimal').wScan);
    expect(pressed('ArrowUp').wScan).toBe(pressed('Numpad8').wScan);
    expect(pressed('MetaLeft').wScan).toBe(0x5b);
    expect(pressed('PrintScreen').wScan).toBe(0x37);
  });

  it('releases with KEYUP', () => {
    expect(pressed('ShiftLeft', false).dwFlags).toBe(KEYEVENTF.SCANCODE | KEYEVENTF.KEYUP);
    expect(pressed('ArrowLeft', false).dwFlags).toBe(KEYEVENTF.SCANCODE | KEYEVENTF.EXTENDEDKEY | KEYEVENTF.KEYUP);
  });

  it('presses Pause and NumLock by virtual-key code (they have no single scan code)', () => {
    expect(pressed('Pause')).toMatchObject({ wVk: 0x13, dwFlags: 0 });
    expect(pressed('NumLock')).toMatchObject({ wVk: 0x90, dwFlags: KEYEVENTF.EXTENDEDKEY });
    expect(pressed('NumLock', false).dwFlags).toBe(KEYEVENTF.EXTENDEDKEY | KEYEVENTF.KEYUP);
  });

  it('has no key for codes Windows has not', () => {
    expect(windowsKeyForCode('Fn')).toBeNull();
    expect(windowsKeyForCode('NotAKey')).toBeNull();
  });
});

describe('text as Unicode characters (KEYEVENTF_UNICODE)', () => {
  /** [code unit, down?] for each record. */
  const units = (text: string) =>
    textInputs(text).map((input) => {
      const k = ki(input);
      expect(k.wVk).toBe(0);
      expect(k.dwFlags & ~KEYEVENTF.KEYUP).toBe(KEYEVENTF.UNICODE);
      return [k.wScan, (k.dwFlags & KEYEVENTF.KEYUP) === 0] as const;
    });
  const downUp = (...codeUnits: number[]) => codeUnits.flatMap((u) => [[u, true] as const, [u, false] as const]);

  it('Latin, with accents', () => {
    expect(units('Hé!')).toEqual(downUp(0x48, 0xe9, 0x21));
  });
  it('Greek', () => {
    expect(units('Καλημέρα')).toEqual(downUp(0x39a, 0x3b1, 0x3bb, 0x3b7, 0x3bc, 0x3ad, 0x3c1, 0x3b1));
  });
  it('Cyrillic', () => {
    expect(units('Привет')).toEqual(downUp(0x41f, 0x440, 0x438, 0x432, 0x435, 0x442));
  });
  it('CJK', () => {
    expect(units('中文')).toEqual(downUp(0x4e2d, 0x6587));
  });
  it('Arabic, in logical order', () => {
    expect(units('مرحبا')).toEqual(downUp(0x645, 0x631, 0x62d, 0x628, 0x627));
  });
  it('an emoji outside the BMP as its surrogate pair, high then low', () => {
    expect(units('👍')).toEqual(downUp(0xd83d, 0xdc4d));
    expect(units('a😀b')).toEqual(downUp(0x61, 0xd83d, 0xde00, 0x62));
  });

  it('types line ends as Enter and tabs as Tab', () => {
    const records = textInputs('a\r\nb\tc\n').map(ki);
    const enter = { wVk: 0, wScan: 0x1c, time: 0, dwExtraInfo: 0 };
    expect(records).toEqual([
      { wVk: 0, wScan: 0x61, dwFlags: KEYEVENTF.UNICODE, time: 0, dwExtraInfo: 0 },
      { wVk: 0, wScan: 0x61, dwFlags: KEYEVENTF.UNICODE | KEYEVENTF.KEYUP, time: 0, dwExtraInfo: 0 },
      { ...enter, dwFlags: KEYEVENTF.SCANCODE },
      { ...enter, dwFlags: KEYEVENTF.SCANCODE | KEYEVENTF.KEYUP },
      { wVk: 0, wScan: 0x62, dwFlags: KEYEVENTF.UNICODE, time: 0, dwExtraInfo: 0 },
      { wVk: 0, wScan: 0x62, dwFlags: KEYEVENTF.UNICODE | KEYEVENTF.KEYUP, time: 0, dwExtraInfo: 0 },
      { wVk: 0, wScan: 0x0f, dwFlags: KEYEVENTF.SCANCODE, time: 0, dwExtraInfo: 0 },
      { wVk: 0, wScan: 0x0f, dwFlags: KEYEVENTF.SCANCODE | KEYEVENTF.KEYUP, time: 0, dwExtraInfo: 0 },
      { wVk: 0, wScan: 0x63, dwFlags: KEYEVENTF.UNICODE, time: 0, dwExtraInfo: 0 },
      { wVk: 0, wScan: 0x63, dwFlags: KEYEVENTF.UNICODE | KEYEVENTF.KEYUP, time: 0, dwExtraInfo: 0 },
      { ...enter, dwFlags: KEYEVENTF.SCANCODE },
      { ...enter, dwFlags: KEYEVENTF.SCANCODE | KEYEVENTF.KEYUP },
    ]);
  });
});
