/** The hand-off's wire: one validated JSON message per line, with a hard limit. */
import { describe, expect, it } from 'vitest';
import {
  encodeLine,
  handoffReplySchema,
  handoffRequestSchema,
  LineDecoder,
  MAX_HANDOFF_LINE_BYTES,
} from './handoff-protocol.ts';

const KEY = 'A'.repeat(43);

describe('the hand-off protocol', () => {
  it('carries requests and replies as lines, whatever the chunks', () => {
    const decoder = new LineDecoder(handoffRequestSchema);
    const text =
      encodeLine({ type: 'elevation.hello', version: 1 }) +
      encodeLine({ type: 'elevation.start', sessionId: 's', token: 'a.b.c' }) +
      encodeLine({
        type: 'elevation.input',
        sessionId: 's',
        key: KEY,
        seq: 1,
        event: { type: 'text', text: '中文 👍' },
      });
    const out = [...text].flatMap((character) => decoder.push(character));
    expect(out.map((d) => (d.ok ? d.message.type : d.reason))).toEqual([
      'elevation.hello',
      'elevation.start',
      'elevation.input',
    ]);
    const replies = new LineDecoder(handoffReplySchema).push(
      encodeLine({ type: 'elevation.refused', code: 'wrong_key', message: 'The hand-off key is wrong.', seq: 4 }),
    );
    expect(replies).toEqual([
      {
        ok: true,
        message: { type: 'elevation.refused', code: 'wrong_key', message: 'The hand-off key is wrong.', seq: 4 },
      },
    ]);
  });

  it('refuses what is not JSON, not a known message, or carries a malformed key or event', () => {
    const decoder = new LineDecoder(handoffRequestSchema);
    const lines = [
      'not json',
      JSON.stringify({ type: 'elevation.format-disk' }),
      JSON.stringify({ type: 'elevation.stop', sessionId: 's', key: 'short' }),
      JSON.stringify({
        type: 'elevation.input',
        sessionId: 's',
        key: KEY,
        seq: 1,
        event: { type: 'pointer.move', x: 2, y: 0 },
      }),
    ];
    const out = decoder.push(`${lines.join('\n')}\n`);
    expect(out.map((d) => d.ok)).toEqual([false, false, false, false]);
  });

  it('drops a line over the limit without buffering it, and carries on with the next', () => {
    const decoder = new LineDecoder(handoffRequestSchema);
    const huge = 'x'.repeat(MAX_HANDOFF_LINE_BYTES + 10);
    const first = decoder.push(huge);
    expect(first).toEqual([{ ok: false, reason: `Line longer than ${MAX_HANDOFF_LINE_BYTES} bytes.` }]);
    expect(decoder.push('more of the same line')).toEqual([]);
    expect(decoder.push(`\n${encodeLine({ type: 'elevation.hello', version: 1 })}`)).toEqual([
      { ok: true, message: { type: 'elevation.hello', version: 1 } },
    ]);
    expect(() => encodeLine({ type: 'elevation.start', sessionId: 's', token: 'x'.repeat(4096) })).not.toThrow();
  });
});
