/**
 * What the agent needs from the desktop: one implementation per display system (X11 now; Wayland, Windows and
 * macOS later), and an in-memory one for tests. The server only ever talks to this interface, so the security
 * checks in front of it are tested without a display.
 */
import type { KeyCombo, PointerButton } from '@remote-help/protocol/peer-channels';

export interface ScreenSize {
  width: number;
  height: number;
}

export interface InputBackend {
  /** Reported to the page in `agent.info`, e.g. 'x11'. */
  readonly name: string;
  /** The size of the whole desktop in pixels, read fresh so a resolution change is followed. */
  screenSize(): ScreenSize;
  /** Absolute position in pixels on the whole desktop. */
  movePointer(x: number, y: number): Promise<void>;
  button(button: PointerButton, down: boolean): Promise<void>;
  /** Wheel steps ("clicks"): positive dy scrolls down, positive dx scrolls right, as in browsers' WheelEvent. */
  wheel(dx: number, dy: number): Promise<void>;
  /** A key by its physical name (KeyboardEvent.code). Unknown codes reject with UnsupportedKeyError. */
  key(code: string, down: boolean): Promise<void>;
  /** Types the characters as they are, in any script, whatever the keyboard layout. */
  text(text: string): Promise<void>;
  combo(combo: KeyCombo): Promise<void>;
  /**
   * Lets go of every key and button the agent holds down. Called when control stops, so a helper who drops off
   * while holding Ctrl does not leave the sharer's keyboard stuck.
   */
  releaseAll(): Promise<void>;
  /** Releases everything and undoes any change to the desktop (e.g. a remapped keyboard). */
  close(): Promise<void>;
}

export class UnsupportedKeyError extends Error {
  constructor(readonly code: string) {
    super(`Key ${code} is not supported.`);
    this.name = 'UnsupportedKeyError';
  }
}
