/**
 * What the agent needs from the desktop: one implementation per display system (X11 and Windows now; Wayland and
 * macOS later), and an in-memory one for tests. The server only ever talks to this interface, so the security
 * checks in front of it are tested without a display.
 */
import type { KeyCombo, PointerButton } from '@remote-help/protocol/peer-channels';

export interface ScreenSize {
  width: number;
  height: number;
}

/** What the helper can reach through this backend beyond ordinary windows, reported to the page as it is. */
export interface BackendCapabilities {
  /**
   * Administrator prompts: on X11 they are ordinary windows; on Windows, UAC shows them on the secure desktop,
   * which only the agent's service can reach — a program running as the signed-in user cannot.
   */
  adminPrompts: boolean;
  /** Whether Ctrl+Alt+Del reaches the system (on Windows only a service may send it). */
  ctrlAltDelete: boolean;
}

/** The captured picture's size in pixels (scaled by the browser: only its proportions are the screen's). */
export interface CaptureSize {
  width: number;
  height: number;
}

export interface InputBackend {
  /** Reported to the page in `agent.info`, e.g. 'x11'. */
  readonly name: string;
  readonly capabilities: BackendCapabilities;
  /** The size in pixels of what the helper sees (the whole desktop, or the shared monitor), read fresh. */
  screenSize(): ScreenSize;
  /**
   * What the sharer's browser captures, so a backend whose desktop spans several separately captured monitors
   * (Windows) knows which one the helper sees. null when nothing is captured.
   */
  useCaptureSize(size: CaptureSize | null): void;
  /** Absolute position in pixels on what the helper sees (0,0 is its top-left corner). */
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

/** Input the desktop does not allow from this agent (e.g. Ctrl+Alt+Del on Windows); the message says why. */
export class NotPossibleError extends Error {
  override name = 'NotPossibleError';
}

export class UnsupportedKeyError extends Error {
  constructor(readonly code: string) {
    super(`Key ${code} is not supported.`);
    this.name = 'UnsupportedKeyError';
  }
}
