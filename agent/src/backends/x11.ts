/**
 * Linux X11 input through the XTEST extension (libXtst), as xdotool does. Keys are found by keysym in the current
 * keyboard mapping; characters that the layout cannot type are typed by briefly lending them a spare keycode
 * (XChangeKeyboardMapping), so text arrives as the helper typed it in any script and on any layout.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { KeyCombo, PointerButton } from '@remote-help/protocol/peer-channels';
import { type BackendCapabilities, type InputBackend, type ScreenSize, UnsupportedKeyError } from './backend.ts';
import { pressCombo } from './combos.ts';
import {
  findAnywhere,
  findInGroup,
  type KeyboardMapping,
  type KeyLocation,
  keysymAt,
  keysymsOf,
  SpareRotation,
  spareKeycodes,
  withKeysyms,
} from './x11-keymap.ts';
import { keysymForCharacter, keysymsForCode, XK } from './x11-keysyms.ts';
import { type DisplayPointer, loadX11, type X11Lib } from './x11-lib.ts';

export interface X11BackendOptions {
  /** The X display to use, e.g. ':0' (normally $DISPLAY, passed in so tests can use their own server). */
  display: string;
  /**
   * How long to wait after lending a keycode before pressing it: X clients learn of the change from a MappingNotify
   * event and must fetch the new mapping before the key press reaches them, or they type the old symbol.
   */
  settleMs?: number;
  /** How many spare keycodes to rotate through at most. */
  maxSpares?: number;
  lib?: X11Lib;
}

const BUTTONS: Readonly<Record<PointerButton, number>> = { left: 1, middle: 2, right: 3 };
/** Core X maps the wheel to buttons: 4 up, 5 down, 6 left, 7 right; one press and release per step. */
const WHEEL = { up: 4, down: 5, left: 6, right: 7 } as const;

export class X11Backend implements InputBackend {
  readonly name = 'x11';
  /** Administrator prompts (polkit, sudo dialogs) are ordinary X windows; Ctrl+Alt+Del is a key press like any other. */
  readonly capabilities: BackendCapabilities = { adminPrompts: true, ctrlAltDelete: true };
  /** KeyboardEvent.code → the keycode pressed for it, so the release goes to the same key even if the layout changed. */
  private readonly heldKeys = new Map<string, number>();
  private readonly heldButtons = new Set<number>();
  /** Spare keycodes lent so far → the keysyms they had before, restored on close. */
  private readonly originals = new Map<number, number[]>();
  /** Spare keycode → the keysym lent to it now. */
  private readonly lent = new Map<number, number>();
  /** The last good answer, in case the server cannot give one for a moment. */
  private lastSize: ScreenSize = { width: 1, height: 1 };
  private closed = false;

  private constructor(
    private readonly lib: X11Lib,
    private readonly display: DisplayPointer,
    private readonly screen: number,
    private readonly root: number,
    private readonly keycodes: { min: number; max: number },
    private readonly spares: SpareRotation,
    private readonly settleMs: number,
  ) {
    this.screenSize();
  }

  /** Connects to the display; throws an Error with a message for the person running the agent if it cannot. */
  static open(options: X11BackendOptions): X11Backend {
    const lib = options.lib ?? loadX11();
    const display = lib.openDisplay(options.display);
    if (!display) {
      throw new Error(
        `Cannot open the X display "${options.display}": is the X server running, and may this user use it (XAUTHORITY)?`,
      );
    }
    if (!lib.hasXTest(display)) {
      lib.closeDisplay(display);
      throw new Error(`The X display "${options.display}" has no XTEST extension, which the agent needs for input.`);
    }
    const screen = lib.defaultScreen(display);
    const keycodes = lib.keycodeRange(display);
    const mapping = lib.keyboardMapping(display, keycodes.min, keycodes.max - keycodes.min + 1);
    const spares = new SpareRotation(spareKeycodes(mapping).slice(0, options.maxSpares ?? 8));
    return new X11Backend(
      lib,
      display,
      screen,
      lib.rootWindow(display, screen),
      keycodes,
      spares,
      // A busy desktop (or a loaded machine) can take tens of milliseconds to refetch the mapping.
      options.settleMs ?? 50,
    );
  }

  screenSize(): ScreenSize {
    this.assertOpen();
    // Asked of the server each time: XDisplayWidth/Height are fixed when the connection opens and miss a resize.
    const size = this.lib.windowSize(this.display, this.root);
    if (size && size.width > 0 && size.height > 0) this.lastSize = size;
    return { ...this.lastSize };
  }

  /** Browsers on X11 capture the whole X screen, which is what the pointer moves over: nothing to choose. */
  useCaptureSize(): void {}

  async movePointer(x: number, y: number): Promise<void> {
    this.assertOpen();
    this.lib.fakeMotion(this.display, this.screen, x, y);
    this.sync();
  }

  async button(button: PointerButton, down: boolean): Promise<void> {
    this.assertOpen();
    const number = BUTTONS[button];
    this.lib.fakeButton(this.display, number, down);
    if (down) this.heldButtons.add(number);
    else this.heldButtons.delete(number);
    this.sync();
  }

  async wheel(dx: number, dy: number): Promise<void> {
    this.assertOpen();
    this.clickTimes(dy > 0 ? WHEEL.down : WHEEL.up, Math.abs(dy));
    this.clickTimes(dx > 0 ? WHEEL.right : WHEEL.left, Math.abs(dx));
    this.sync();
  }

  async key(code: string, down: boolean): Promise<void> {
    this.assertOpen();
    if (!down) return this.releaseKey(code);
    const keysyms = keysymsForCode(code);
    if (keysyms.length === 0) throw new UnsupportedKeyError(code);
    // A repeated key-down (auto-repeat) presses the same keycode again, as a real keyboard does.
    const keycode = this.heldKeys.get(code) ?? (await this.keycodeForKey(keysyms));
    this.heldKeys.set(code, keycode);
    this.lib.fakeKey(this.display, keycode, true);
    this.sync();
  }

  async text(text: string): Promise<void> {
    this.assertOpen();
    let mapping = this.readMapping();
    const group = this.lib.keyboardGroup(this.display);
    const characters = [...text.replace(/\r\n?/g, '\n')];
    // Text the layout cannot type (pasted, or committed by an input method) lends all its keycodes first and waits
    // once for X clients to read the new mapping, rather than once per character.
    const missing = [...new Set(characters.map(keysymForCharacter).filter((k): k is number => k !== null))].filter(
      (k) => !this.locate(mapping, k, group),
    );
    if (missing.length > 1 && missing.length <= this.spares.size) {
      for (const keysym of missing) mapping = withKeysyms(mapping, this.lendNow(keysym, mapping), [keysym, keysym]);
      this.sync();
      await delay(this.settleMs);
    }
    for (const character of characters) {
      const keysym = keysymForCharacter(character);
      if (keysym === null) continue;
      const found = this.locate(mapping, keysym, group);
      if (found) {
        if (this.lent.has(found.keycode)) this.spares.touch(found.keycode);
        this.tap(found, mapping);
        continue;
      }
      const keycode = await this.lend(keysym, mapping);
      mapping = withKeysyms(mapping, keycode, [keysym, keysym]);
      this.tap({ keycode, shift: false }, mapping);
    }
  }

  combo(combo: KeyCombo): Promise<void> {
    return pressCombo(combo, (code, down) => this.key(code, down));
  }

  async releaseAll(): Promise<void> {
    if (this.closed || (this.heldKeys.size === 0 && this.heldButtons.size === 0)) return;
    for (const keycode of [...this.heldKeys.values()].reverse()) this.lib.fakeKey(this.display, keycode, false);
    this.heldKeys.clear();
    for (const button of this.heldButtons) this.lib.fakeButton(this.display, button, false);
    this.heldButtons.clear();
    this.sync();
  }

  /** Releases held input, gives every lent keycode its keysyms back and disconnects. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.releaseAll();
    } finally {
      for (const [keycode, keysyms] of this.originals) this.lib.changeKeyboardMapping(this.display, keycode, keysyms);
      this.originals.clear();
      this.lent.clear();
      this.lib.sync(this.display);
      this.lib.takeErrors();
      this.closed = true;
      this.lib.closeDisplay(this.display);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The X11 backend is closed.');
  }

  /** Waits for the server to process everything sent, and turns X errors reported meanwhile into an exception. */
  private sync(): void {
    this.lib.sync(this.display);
    const errors = this.lib.takeErrors();
    if (errors.length) throw new Error(`The X server refused the input: ${errors.join('; ')}`);
  }

  /** Read fresh each time: the user may change layout, and other programs may remap keys too. */
  private readMapping(): KeyboardMapping {
    const { min, max } = this.keycodes;
    return this.lib.keyboardMapping(this.display, min, max - min + 1);
  }

  private clickTimes(button: number, times: number): void {
    for (let i = 0; i < times; i++) {
      this.lib.fakeButton(this.display, button, true);
      this.lib.fakeButton(this.display, button, false);
    }
  }

  private releaseKey(code: string): void {
    const keycode = this.heldKeys.get(code);
    // A release for a key the agent never pressed has nothing to undo.
    if (keycode === undefined) return;
    this.heldKeys.delete(code);
    this.lib.fakeKey(this.display, keycode, false);
    this.sync();
  }

  /**
   * Prefers the key in the active layout; a key carrying the symbol in another layout still works for shortcuts;
   * failing both, a spare keycode is lent the first keysym.
   */
  private async keycodeForKey(keysyms: readonly number[]): Promise<number> {
    const mapping = this.readMapping();
    const group = this.lib.keyboardGroup(this.display);
    for (const keysym of keysyms) {
      const found = findInGroup(mapping, keysym, group);
      if (found) return found.keycode;
    }
    for (const keysym of keysyms) {
      const keycode = findAnywhere(mapping, keysym);
      if (keycode !== null) return keycode;
    }
    const [preferred] = keysyms;
    if (preferred === undefined) throw new Error('No keysym to press.');
    return this.lend(preferred, mapping);
  }

  /** A key that types the keysym in the active layout, with Shift if needed and if there is a Shift key. */
  private locate(mapping: KeyboardMapping, keysym: number, group: number): KeyLocation | null {
    const found = findInGroup(mapping, keysym, group);
    if (!found) return null;
    if (found.shift && this.shiftKeycode(mapping) === null) return null;
    return found;
  }

  private shiftKeycode(mapping: KeyboardMapping): number | null {
    return findAnywhere(mapping, XK.Shift_L);
  }

  private tap(location: KeyLocation, mapping: KeyboardMapping): void {
    const shift = location.shift ? this.shiftKeycode(mapping) : null;
    if (shift !== null) this.lib.fakeKey(this.display, shift, true);
    this.lib.fakeKey(this.display, location.keycode, true);
    this.lib.fakeKey(this.display, location.keycode, false);
    if (shift !== null) this.lib.fakeKey(this.display, shift, false);
    this.sync();
  }

  /** A spare keycode is still ours if it is empty or carries what the agent lent it (the layout may have changed). */
  private isStillSpare(mapping: KeyboardMapping, keycode: number): boolean {
    const lentKeysym = this.lent.get(keycode);
    const keysyms = keysymsOf(mapping, keycode);
    return keysyms.every((k) => k === 0) || (lentKeysym !== undefined && keysymAt(mapping, keycode, 0) === lentKeysym);
  }

  /**
   * Lends a spare keycode the keysym (both levels, so Shift makes no difference), then waits for X clients to
   * see the new mapping. The keycode keeps that keysym until it is lent again or the backend closes.
   */
  private async lend(keysym: number, mapping: KeyboardMapping): Promise<number> {
    const keycode = this.lendNow(keysym, mapping);
    this.sync();
    await delay(this.settleMs);
    return keycode;
  }

  /** Lends a spare keycode the keysym, without waiting: the caller waits once for all it lends. */
  private lendNow(keysym: number, mapping: KeyboardMapping): number {
    const held = new Set(this.heldKeys.values());
    const keycode = this.spares.take((k) => !held.has(k) && this.isStillSpare(mapping, k));
    if (keycode === null) throw new Error('No spare keycode is free to type this character.');
    if (!this.originals.has(keycode)) this.originals.set(keycode, keysymsOf(mapping, keycode));
    this.lib.changeKeyboardMapping(this.display, keycode, [keysym, keysym]);
    this.lent.set(keycode, keysym);
    return keycode;
  }
}
