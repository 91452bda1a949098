/**
 * An in-memory backend that records what it was asked to do. It lets the server's tests check exactly which
 * input reached the desktop (and that refused input did not), and lets the timing benchmark run without a display.
 */
import type { KeyCombo, PointerButton } from '@remote-help/protocol/peer-channels';
import type { BackendCapabilities, CaptureSize, InputBackend, ScreenSize } from '../src/backends/backend.ts';

export type RecordedCall =
  | { call: 'movePointer'; x: number; y: number }
  | { call: 'button'; button: PointerButton; down: boolean }
  | { call: 'wheel'; dx: number; dy: number }
  | { call: 'key'; code: string; down: boolean }
  | { call: 'text'; text: string }
  | { call: 'combo'; combo: KeyCombo }
  | { call: 'useCaptureSize'; size: CaptureSize | null }
  | { call: 'releaseAll' }
  | { call: 'close' };

export class RecordingBackend implements InputBackend {
  readonly name = 'recording';
  readonly capabilities: BackendCapabilities;
  readonly calls: RecordedCall[] = [];
  /** Set to make the next calls fail, to test how failures are reported. */
  failWith: Error | null = null;

  constructor(
    private readonly size: ScreenSize = { width: 1920, height: 1080 },
    capabilities: BackendCapabilities = { adminPrompts: true, ctrlAltDelete: true },
  ) {
    this.capabilities = capabilities;
  }

  screenSize(): ScreenSize {
    return { ...this.size };
  }

  private async record(call: RecordedCall): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.calls.push(call);
  }

  useCaptureSize(size: CaptureSize | null): void {
    this.calls.push({ call: 'useCaptureSize', size });
  }
  movePointer(x: number, y: number): Promise<void> {
    return this.record({ call: 'movePointer', x, y });
  }
  button(button: PointerButton, down: boolean): Promise<void> {
    return this.record({ call: 'button', button, down });
  }
  wheel(dx: number, dy: number): Promise<void> {
    return this.record({ call: 'wheel', dx, dy });
  }
  key(code: string, down: boolean): Promise<void> {
    return this.record({ call: 'key', code, down });
  }
  text(text: string): Promise<void> {
    return this.record({ call: 'text', text });
  }
  combo(combo: KeyCombo): Promise<void> {
    return this.record({ call: 'combo', combo });
  }
  releaseAll(): Promise<void> {
    return this.record({ call: 'releaseAll' });
  }
  close(): Promise<void> {
    return this.record({ call: 'close' });
  }
}
