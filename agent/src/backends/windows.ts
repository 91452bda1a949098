/**
 * Windows input through user32's SendInput, as the signed-in user. Pointer positions are absolute over the
 * virtual desktop (MOUSEEVENTF_VIRTUALDESK), keys go by scan code so the sharer's layout decides what they mean,
 * and text goes as Unicode characters (KEYEVENTF_UNICODE) so it arrives as typed in any script on any layout.
 *
 * What a user-level program cannot do, it says: Windows keeps Ctrl+Alt+Del (the secure attention sequence) and
 * the secure desktop (UAC prompts, the lock screen) away from it, and refuses input to windows running as
 * administrator (UIPI). Those need the agent's service; see agent/README.md, "Elevation on Windows".
 */
import type { KeyCombo, PointerButton } from '@remote-help/protocol/peer-channels';
import {
  type BackendCapabilities,
  type CaptureSize,
  type InputBackend,
  NotPossibleError,
  type ScreenSize,
  UnsupportedKeyError,
} from './backend.ts';
import { pressCombo } from './combos.ts';
import {
  buttonInput,
  keyInput,
  moveInput,
  type Rect,
  textInputs,
  type Win32Input,
  wheelInputs,
} from './win32-input.ts';
import { loadWin32, type Win32Lib } from './win32-lib.ts';
import { sharedArea } from './win32-monitors.ts';
import { type WindowsKey, windowsKeyForCode } from './win32-scancodes.ts';

export interface WindowsBackendOptions {
  lib?: Win32Lib;
}

/** Why a user-level program cannot press Ctrl+Alt+Del, for the helper. */
export const CTRL_ALT_DELETE_REASON =
  'Windows handles Ctrl+Alt+Del itself and does not accept it from a program running as the signed-in user; only the agent installed as a service could send it.';

const BLOCKED_REASON =
  'Windows did not accept the input: an administrator window or the secure desktop (a UAC prompt, the lock screen) is in front, and a program running as the signed-in user cannot reach it.';

export class WindowsBackend implements InputBackend {
  readonly name = 'windows';
  readonly capabilities: BackendCapabilities = { adminPrompts: false, ctrlAltDelete: false };
  /** KeyboardEvent.code → the key pressed for it, so the release goes to the same key. */
  private readonly heldKeys = new Map<string, WindowsKey>();
  private readonly heldButtons = new Set<PointerButton>();
  private capture: CaptureSize | null = null;
  private closed = false;

  private constructor(private readonly lib: Win32Lib) {}

  static open(options: WindowsBackendOptions = {}): WindowsBackend {
    return new WindowsBackend(options.lib ?? loadWin32());
  }

  /** The monitor the helper sees, read fresh so a resolution change or a monitor plugged in is followed. */
  private area(): Rect {
    return sharedArea(this.lib.monitors(), this.lib.virtualScreen(), this.capture);
  }

  screenSize(): ScreenSize {
    this.assertOpen();
    const { width, height } = this.area();
    return { width: Math.max(width, 1), height: Math.max(height, 1) };
  }

  useCaptureSize(size: CaptureSize | null): void {
    this.capture = size;
  }

  async movePointer(x: number, y: number): Promise<void> {
    this.assertOpen();
    const area = this.area();
    this.send([moveInput(area.left + x, area.top + y, this.lib.virtualScreen())]);
  }

  async button(button: PointerButton, down: boolean): Promise<void> {
    this.assertOpen();
    this.send([buttonInput(button, down)]);
    if (down) this.heldButtons.add(button);
    else this.heldButtons.delete(button);
  }

  async wheel(dx: number, dy: number): Promise<void> {
    this.assertOpen();
    this.send(wheelInputs(dx, dy));
  }

  async key(code: string, down: boolean): Promise<void> {
    this.assertOpen();
    if (!down) {
      const held = this.heldKeys.get(code);
      // A release for a key the agent never pressed has nothing to undo.
      if (!held) return;
      this.heldKeys.delete(code);
      this.send([keyInput(held, false)]);
      return;
    }
    const key = windowsKeyForCode(code);
    if (!key) throw new UnsupportedKeyError(code);
    // A repeated key-down (auto-repeat) presses the key again, as a real keyboard does.
    this.send([keyInput(key, true)]);
    this.heldKeys.set(code, key);
  }

  async text(text: string): Promise<void> {
    this.assertOpen();
    // One call: Windows queues the whole text at once, so the sharer's own typing cannot land in the middle of it.
    this.send(textInputs(text));
  }

  combo(combo: KeyCombo): Promise<void> {
    if (combo === 'ctrlAltDelete' && !this.capabilities.ctrlAltDelete) {
      return Promise.reject(new NotPossibleError(CTRL_ALT_DELETE_REASON));
    }
    return pressCombo(combo, (code, down) => this.key(code, down));
  }

  async releaseAll(): Promise<void> {
    if (this.closed || (this.heldKeys.size === 0 && this.heldButtons.size === 0)) return;
    const inputs: Win32Input[] = [...this.heldKeys.values()].reverse().map((key) => keyInput(key, false));
    for (const button of this.heldButtons) inputs.push(buttonInput(button, false));
    this.heldKeys.clear();
    this.heldButtons.clear();
    // Best effort: if Windows refuses some (the secure desktop came up), nothing more can be done from here.
    this.lib.sendInput(inputs);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.releaseAll();
    this.closed = true;
  }

  private send(inputs: readonly Win32Input[]): void {
    if (inputs.length === 0) return;
    const accepted = this.lib.sendInput(inputs);
    if (accepted !== inputs.length) throw new Error(BLOCKED_REASON);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The Windows backend is closed.');
  }
}
