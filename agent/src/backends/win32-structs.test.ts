/**
 * The x64 layout of the structures SendInput and GetMonitorInfoW read. A wrong size makes SendInput refuse every
 * call (it checks cbSize); a wrong offset sends garbage. Expected values are those of the Windows SDK headers on x64.
 */
import koffi from 'koffi';
import { describe, expect, it } from 'vitest';
import { keyInput, moveInput } from './win32-input.ts';
import { win32Types } from './win32-structs.ts';

const t = win32Types();

describe('Win32 structures on x64', () => {
  it('INPUT is 40 bytes: a DWORD type, then the union at offset 8', () => {
    expect(koffi.sizeof(t.INPUT)).toBe(40);
    expect(koffi.alignof(t.INPUT)).toBe(8);
    expect(koffi.offsetof(t.INPUT, 'type')).toBe(0);
    expect(koffi.offsetof(t.INPUT, 'u')).toBe(8);
    expect(koffi.sizeof(t.INPUT_UNION)).toBe(32);
  });

  it('MOUSEINPUT is 32 bytes with dwExtraInfo (ULONG_PTR) at 24', () => {
    expect(koffi.sizeof(t.MOUSEINPUT)).toBe(32);
    expect(
      ['dx', 'dy', 'mouseData', 'dwFlags', 'time', 'dwExtraInfo'].map((m) => koffi.offsetof(t.MOUSEINPUT, m)),
    ).toEqual([0, 4, 8, 12, 16, 24]);
  });

  it('KEYBDINPUT is 24 bytes with dwExtraInfo at 16', () => {
    expect(koffi.sizeof(t.KEYBDINPUT)).toBe(24);
    expect(['wVk', 'wScan', 'dwFlags', 'time', 'dwExtraInfo'].map((m) => koffi.offsetof(t.KEYBDINPUT, m))).toEqual([
      0, 2, 4, 8, 16,
    ]);
  });

  it('HARDWAREINPUT is 8 bytes', () => {
    expect(koffi.sizeof(t.HARDWAREINPUT)).toBe(8);
    expect(['uMsg', 'wParamL', 'wParamH'].map((m) => koffi.offsetof(t.HARDWAREINPUT, m))).toEqual([0, 4, 6]);
  });

  it('RECT is 16 bytes and MONITORINFOEXW 104', () => {
    expect(koffi.sizeof(t.RECT)).toBe(16);
    expect(koffi.sizeof(t.MONITORINFOEXW)).toBe(104);
    expect(
      ['cbSize', 'rcMonitor', 'rcWork', 'dwFlags', 'szDevice'].map((m) => koffi.offsetof(t.MONITORINFOEXW, m)),
    ).toEqual([0, 4, 20, 36, 40]);
  });

  it('encodes a mouse and a keyboard INPUT into the bytes Windows reads', () => {
    const bytes = Buffer.alloc(koffi.sizeof(t.INPUT));
    koffi.encode(bytes, t.INPUT, moveInput(0, 0, { left: 0, top: 0, width: 2, height: 2 }));
    expect(bytes.readUInt32LE(0)).toBe(0); // INPUT_MOUSE
    expect(bytes.readInt32LE(8)).toBe(16384); // dx: the centre of the first of two pixels
    expect(bytes.readInt32LE(12)).toBe(16384);
    expect(bytes.readUInt32LE(20)).toBe(0x8001 | 0x4000); // MOVE | ABSOLUTE | VIRTUALDESK

    bytes.fill(0);
    koffi.encode(bytes, t.INPUT, keyInput({ kind: 'scan', scan: 0x53, extended: true }, false));
    expect(bytes.readUInt32LE(0)).toBe(1); // INPUT_KEYBOARD
    expect(bytes.readUInt16LE(8)).toBe(0); // wVk
    expect(bytes.readUInt16LE(10)).toBe(0x53); // wScan: Delete
    expect(bytes.readUInt32LE(12)).toBe(0x0008 | 0x0001 | 0x0002); // SCANCODE | EXTENDEDKEY | KEYUP
  });
});
