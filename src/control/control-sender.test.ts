import type { ControlChannelMessage } from '@remote-help/protocol/peer-channels';
import { describe, expect, it } from 'vitest';
import { MOVE_INTERVAL_MS, makeControlSender } from './control-sender.ts';

/** A clock the test moves by hand: `frame()` lets one move interval pass and runs what was due. */
function harness() {
  const sent: ControlChannelMessage[] = [];
  let time = 1000;
  const timers: { at: number; cb: () => void }[] = [];
  const sender = makeControlSender((m) => sent.push(m), {
    now: () => time,
    after: (ms, cb) => timers.push({ at: time + ms, cb }),
  });
  const frame = () => {
    time += MOVE_INTERVAL_MS;
    for (const t of timers.splice(0)) if (t.at <= time) t.cb();
  };
  return { sent, sender, frame };
}

describe('control sender', () => {
  it('sends a move after a quiet spell at once, then at most one per interval, the latest', () => {
    const h = harness();
    for (let i = 0; i < 10; i++) h.sender.input({ type: 'pointer.move', x: i / 10, y: 0.5 });
    expect(h.sent).toEqual([{ type: 'control.input', seq: 0, event: { type: 'pointer.move', x: 0, y: 0.5 } }]);
    h.frame();
    expect(h.sent).toEqual([
      { type: 'control.input', seq: 0, event: { type: 'pointer.move', x: 0, y: 0.5 } },
      { type: 'control.input', seq: 1, event: { type: 'pointer.move', x: 0.9, y: 0.5 } },
    ]);
  });

  it('sends the pending move before a button, and keeps keys and buttons in order', () => {
    const h = harness();
    h.sender.input({ type: 'pointer.move', x: 0.1, y: 0.1 });
    h.sender.input({ type: 'pointer.move', x: 0.2, y: 0.3 });
    h.sender.input({ type: 'pointer.button', x: 0.2, y: 0.3, button: 'left', down: true });
    h.sender.input({ type: 'pointer.button', x: 0.2, y: 0.3, button: 'left', down: false });
    h.sender.input({ type: 'text', text: 'hé' });
    h.frame();
    expect(h.sent.map((m) => (m.type === 'control.input' ? [m.seq, m.event.type] : m.type))).toEqual([
      [0, 'pointer.move'],
      [1, 'pointer.move'],
      [2, 'pointer.button'],
      [3, 'pointer.button'],
      [4, 'text'],
    ]);
  });

  it('coalesces laser moves too, and hides at once', () => {
    const h = harness();
    h.sender.laser(0.1, 0.1);
    h.sender.laser(0.3, 0.3);
    h.sender.laser(0.4, 0.6);
    h.frame();
    h.sender.laser(0.5, 0.5);
    h.sender.hideLaser();
    h.frame();
    expect(h.sent).toEqual([
      { type: 'laser.move', x: 0.1, y: 0.1 },
      { type: 'laser.move', x: 0.4, y: 0.6 },
      { type: 'laser.hide' },
    ]);
  });
});
