import { describe, expect, it } from 'vitest';
import type { ControlChannelMessage } from '../protocol/schema.ts';
import { makeControlSender } from './control-sender.ts';

function harness() {
  const sent: ControlChannelMessage[] = [];
  const frames: (() => void)[] = [];
  const sender = makeControlSender(
    (m) => sent.push(m),
    (cb) => frames.push(cb),
  );
  const frame = () => {
    for (const cb of frames.splice(0)) cb();
  };
  return { sent, sender, frame };
}

describe('control sender', () => {
  it('sends one pointer move per frame, the latest', () => {
    const h = harness();
    for (let i = 0; i < 10; i++) h.sender.input({ type: 'pointer.move', x: i / 10, y: 0.5 });
    expect(h.sent).toEqual([]);
    h.frame();
    expect(h.sent).toEqual([{ type: 'control.input', seq: 0, event: { type: 'pointer.move', x: 0.9, y: 0.5 } }]);
  });

  it('sends the pending move before a button, and keeps keys and buttons in order', () => {
    const h = harness();
    h.sender.input({ type: 'pointer.move', x: 0.2, y: 0.3 });
    h.sender.input({ type: 'pointer.button', x: 0.2, y: 0.3, button: 'left', down: true });
    h.sender.input({ type: 'pointer.button', x: 0.2, y: 0.3, button: 'left', down: false });
    h.sender.input({ type: 'text', text: 'hé' });
    h.frame();
    expect(h.sent.map((m) => (m.type === 'control.input' ? [m.seq, m.event.type] : m.type))).toEqual([
      [0, 'pointer.move'],
      [1, 'pointer.button'],
      [2, 'pointer.button'],
      [3, 'text'],
    ]);
  });

  it('coalesces laser moves too, and hides at once', () => {
    const h = harness();
    h.sender.laser(0.1, 0.1);
    h.sender.laser(0.4, 0.6);
    h.frame();
    h.sender.laser(0.5, 0.5);
    h.sender.hideLaser();
    h.frame();
    expect(h.sent).toEqual([{ type: 'laser.move', x: 0.4, y: 0.6 }, { type: 'laser.hide' }]);
  });
});
