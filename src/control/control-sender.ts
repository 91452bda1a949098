/**
 * The helper's side of the control channel: numbers every message, sends keys, buttons and text in order, and
 * coalesces pointer (and laser) moves to one per display frame — a mouse reports far more often than a screen
 * can show, and a backlog of stale moves would only add latency.
 */
import type { ControlChannelMessage, ControlEvent } from '../protocol/schema.ts';

export type FrameScheduler = (callback: () => void) => void;

export interface ControlSender {
  input(event: ControlEvent): void;
  laser(x: number, y: number): void;
  hideLaser(): void;
}

export function makeControlSender(
  transmit: (message: ControlChannelMessage) => void,
  nextFrame: FrameScheduler = (cb) => requestAnimationFrame(() => cb()),
): ControlSender {
  let seq = 0;
  let pendingMove: ControlEvent | undefined;
  let pendingLaser: { x: number; y: number } | undefined;
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    if (pendingMove) {
      transmit({ type: 'control.input', seq: seq++, event: pendingMove });
      pendingMove = undefined;
    }
    if (pendingLaser) {
      transmit({ type: 'laser.move', ...pendingLaser });
      pendingLaser = undefined;
    }
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    nextFrame(flush);
  };

  return {
    input(event) {
      if (event.type === 'pointer.move') {
        pendingMove = event;
        schedule();
        return;
      }
      // A click lands where the pointer is now: the last move goes first.
      flush();
      transmit({ type: 'control.input', seq: seq++, event });
    },
    laser(x, y) {
      pendingLaser = { x, y };
      schedule();
    },
    hideLaser() {
      pendingLaser = undefined;
      transmit({ type: 'laser.hide' });
    },
  };
}
