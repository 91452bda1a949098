/**
 * The X11 backend against a real, private X server (Xvfb), checked from a second connection the way another
 * program would see it: pointer position, keys down, and the keyboard mapping before and after closing.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXev } from '../../test-support/xev.ts';
import { startXvfb, type Xvfb } from '../../test-support/xvfb.ts';
import { X11Backend } from './x11.ts';
import { findAnywhere, keysymsOf } from './x11-keymap.ts';
import { type DisplayPointer, loadX11, type X11Lib } from './x11-lib.ts';

const HAS_XVFB = existsSync('/usr/bin/Xvfb');
const HAS_XEV = existsSync('/usr/bin/xev');
const HAN_ZHONG = 0x1004e2d; // keysym of U+4E2D 中
const XK_a = 0x61;

describe.skipIf(!HAS_XVFB)('X11 backend on Xvfb', () => {
  let xvfb: Xvfb;
  let lib: X11Lib;
  let observer: DisplayPointer;

  const mapping = () => {
    const { min, max } = lib.keycodeRange(observer);
    return lib.keyboardMapping(observer, min, max - min + 1);
  };
  const isDown = (keycode: number) => ((lib.queryKeymap(observer)[keycode >> 3] ?? 0) & (1 << (keycode & 7))) !== 0;

  beforeAll(async () => {
    xvfb = await startXvfb(87);
    lib = loadX11();
    const display = lib.openDisplay(xvfb.display);
    if (!display) throw new Error('cannot open the test display');
    observer = display;
  });

  afterAll(async () => {
    if (observer) lib.closeDisplay(observer);
    await xvfb?.stop();
  });

  it('reports the screen size and moves the pointer to pixel positions', async () => {
    const backend = X11Backend.open({ display: xvfb.display });
    try {
      expect(backend.name).toBe('x11');
      expect(backend.screenSize()).toEqual({ width: 1280, height: 800 });
      await backend.movePointer(321, 123);
      const root = lib.rootWindow(observer, lib.defaultScreen(observer));
      expect(lib.queryPointer(observer, root)).toEqual({ x: 321, y: 123 });
      await backend.movePointer(1279, 799);
      expect(lib.queryPointer(observer, root)).toEqual({ x: 1279, y: 799 });
    } finally {
      await backend.close();
    }
  });

  it('presses and releases a key by its KeyboardEvent.code', async () => {
    const backend = X11Backend.open({ display: xvfb.display });
    try {
      const keycode = findAnywhere(mapping(), XK_a);
      expect(keycode).not.toBeNull();
      if (keycode === null) return;
      await backend.key('KeyA', true);
      expect(isDown(keycode)).toBe(true);
      await backend.key('KeyA', false);
      expect(isDown(keycode)).toBe(false);
    } finally {
      await backend.close();
    }
  });

  it('lets go of held keys and buttons on releaseAll', async () => {
    const backend = X11Backend.open({ display: xvfb.display });
    try {
      const control = findAnywhere(mapping(), 0xffe3);
      if (control === null) throw new Error('no Control_L on the test keyboard');
      await backend.key('ControlLeft', true);
      expect(isDown(control)).toBe(true);
      await backend.releaseAll();
      expect(isDown(control)).toBe(false);
    } finally {
      await backend.close();
    }
  });

  it('presses a key missing from the layout on a lent keycode, and keeps it until released', async () => {
    const F24 = 0xffd5;
    const backend = X11Backend.open({ display: xvfb.display, settleMs: 1 });
    try {
      await backend.key('F24', true);
      const keycode = findAnywhere(mapping(), F24);
      expect(keycode).not.toBeNull();
      if (keycode === null) return;
      expect(isDown(keycode)).toBe(true);
      // Lending keycodes for text meanwhile must not take the one held down.
      await backend.text('αβγδεζηθικλμ');
      expect(findAnywhere(mapping(), F24)).toBe(keycode);
      await backend.key('F24', false);
      expect(isDown(keycode)).toBe(false);
    } finally {
      await backend.close();
    }
  });

  it('refuses unknown key codes', async () => {
    const backend = X11Backend.open({ display: xvfb.display });
    try {
      await expect(backend.key('NoSuchKey', true)).rejects.toThrow(/not supported/);
    } finally {
      await backend.close();
    }
  });

  it('types a character missing from the layout on a spare keycode, and restores it on close', async () => {
    const before = mapping();
    expect(findAnywhere(before, HAN_ZHONG)).toBeNull();
    const backend = X11Backend.open({ display: xvfb.display });
    let spare: number | null = null;
    try {
      await backend.text('中');
      const during = mapping();
      spare = findAnywhere(during, HAN_ZHONG);
      expect(spare).not.toBeNull();
      if (spare === null) return;
      // The keycode had no symbols before: it was a spare, not one of the keyboard's keys.
      expect(keysymsOf(before, spare).every((k) => k === 0)).toBe(true);
      expect(keysymsOf(during, spare).slice(0, 2)).toEqual([HAN_ZHONG, HAN_ZHONG]);
      // The key was pressed and released again.
      expect(isDown(spare)).toBe(false);
      // Typing it again reuses the lent keycode rather than lending another.
      await backend.text('中a中');
      expect(keysymsOf(mapping(), spare).slice(0, 2)).toEqual([HAN_ZHONG, HAN_ZHONG]);
      expect(mapping().keysyms.filter((k) => k === HAN_ZHONG).length).toBe(
        during.keysyms.filter((k) => k === HAN_ZHONG).length,
      );
    } finally {
      await backend.close();
    }
    const after = mapping();
    expect(findAnywhere(after, HAN_ZHONG)).toBeNull();
    expect(keysymsOf(after, spare ?? 0).every((k) => k === 0)).toBe(true);
    expect(after.keysyms).toEqual(before.keysyms);
  });

  it.skipIf(!HAS_XEV)(
    'types text an X client receives as the same characters, in several scripts, one by one or committed at once',
    async () => {
      const before = mapping();
      const xev = await startXev(xvfb.display);
      const backend = X11Backend.open({ display: xvfb.display });
      const text = 'Hi! Grüße, Ελλάδα, Україна, 中文, 😀\n';
      try {
        // With no window manager, key events go to the window under the pointer.
        await backend.movePointer(xev.area.x + 100, xev.area.y + 100);
        await backend.text(text);
        expect(await xev.waitForText(text)).toBe(text);
        // Committed as one piece (as an input method does): all its keycodes are lent first, with one wait.
        const committed = '中文 مرحبا\n';
        await backend.text(committed);
        expect(await xev.waitForText(text + committed)).toBe(text + committed);
      } finally {
        await backend.close();
        await xev.stop();
      }
      expect(mapping().keysyms).toEqual(before.keysyms);
    },
  );
});
