/**
 * Which part of the Windows desktop the helper sees. Browsers on Windows capture one monitor at a time ("Screen 1",
 * "Screen 2"), while SendInput addresses the virtual desktop spanning all of them, whose origin is the primary
 * monitor's top-left corner — a monitor left of or above it has negative coordinates. The helper's positions are
 * fractions of the captured monitor, so they become pixels of that monitor's rectangle.
 */
import type { CaptureSize } from './backend.ts';
import type { Rect } from './win32-input.ts';
import type { Monitor } from './win32-lib.ts';

const ASPECT_TOLERANCE = 0.01;

function sameShape(monitor: Rect, capture: CaptureSize): boolean {
  const a = monitor.width / monitor.height;
  const b = capture.width / capture.height;
  return Math.abs(a - b) / b <= ASPECT_TOLERANCE;
}

/**
 * The monitor the helper sees: with one monitor, that one; with several, the only one shaped like the captured
 * picture, or else the primary monitor (where the browser's picker starts, and where most sharers share from).
 * With no monitor reported (the call failed), the whole virtual desktop.
 */
export function sharedArea(monitors: readonly Monitor[], virtual: Rect, capture: CaptureSize | null): Rect {
  const candidates = capture ? monitors.filter((m) => sameShape(m, capture)) : [];
  const chosen =
    (candidates.length === 1 ? candidates[0] : undefined) ??
    candidates.find((m) => m.primary) ??
    monitors.find((m) => m.primary) ??
    monitors[0];
  if (!chosen) return virtual;
  return { left: chosen.left, top: chosen.top, width: chosen.width, height: chosen.height };
}
