/**
 * Turns one control event from the helper into backend calls. Positions arrive as 0..1 of the shared screen and
 * become pixels of the sharer's desktop here, clamped so a rounding edge never lands off screen.
 */
import type { ControlEvent } from '@remote-help/protocol/peer-channels';
import type { InputBackend, ScreenSize } from './backends/backend.ts';

export function toPixels(x: number, y: number, size: ScreenSize): { x: number; y: number } {
  const clamp = (value: number, max: number) => Math.min(Math.max(value, 0), max);
  return {
    x: clamp(Math.round(x * size.width), size.width - 1),
    y: clamp(Math.round(y * size.height), size.height - 1),
  };
}

async function moveTo(backend: InputBackend, x: number, y: number): Promise<void> {
  const pixels = toPixels(x, y, backend.screenSize());
  await backend.movePointer(pixels.x, pixels.y);
}

export async function applyEvent(backend: InputBackend, event: ControlEvent): Promise<void> {
  switch (event.type) {
    case 'pointer.move':
      return moveTo(backend, event.x, event.y);
    case 'pointer.button':
      // Clicks carry their own position: the preceding move may have been merged away or lost.
      await moveTo(backend, event.x, event.y);
      return backend.button(event.button, event.down);
    case 'pointer.wheel':
      await moveTo(backend, event.x, event.y);
      return backend.wheel(event.dx, event.dy);
    case 'key':
      return backend.key(event.code, event.down);
    case 'text':
      return backend.text(event.text);
    case 'key.combo':
      return backend.combo(event.combo);
  }
}
