/**
 * The helper's side of the control channel: numbers every message, sends keys, buttons and text in order, and
 * coalesces pointer (and laser) moves to at most one per display frame (~16 ms) — a mouse reports far more often
 * than a screen can show, and a backlog of stale moves would only add latency. A move after a quiet spell goes at
 * once. Timers, not animation frames: a page that is not repainting gets no frames, and its moves would wait.
 */
import type { ControlChannelMessage, ControlEvent } from '@remote-help/protocol/peer-channels';

export const MOVE_INTERVAL_MS = 16;

export interface SenderClock {
  now(): number;
  after(ms: number, callback: () => void): void;
}

const realClock: SenderClock = {
  now: () => performance.now(),
  after: (ms, callback) => {
    setTimeout(callback, ms);
  },
};

export interface ControlSender {
  input(event: ControlEvent): void;
  laser(x: number, y: number): void;
  hideLaser(): void;
}

export function makeControlSender(
  transmit: (message: ControlChannelMessage) => void,
  clock: SenderClock = realClock,
): ControlSender {
  let seq = 0;
  let pendingMove: ControlEvent | undefined;
  let pendingLaser: { x: number; y: number } | undefined;
  let scheduled = false;
  let lastFlush = Number.NEGATIVE_INFINITY;

  const flush = () => {
    scheduled = false;
    lastFlush = clock.now();
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
    const wait = lastFlush + MOVE_INTERVAL_MS - clock.now();
    if (wait <= 0) {
      flush();
      return;
    }
    scheduled = true;
    clock.after(wait, flush);
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
