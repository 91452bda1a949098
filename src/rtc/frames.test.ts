import { describe, expect, it } from 'vitest';
import { FRAME_BYTES, MessageTooLargeError, makeFrameDecoder, makeFrameEncoder, splitByBytes } from './frames.ts';

const bytes = (s: string) => new TextEncoder().encode(s).length;

describe('data-channel frames', () => {
  it('never splits a character and respects the byte limit', () => {
    const text = '中文مرحبا😀'.repeat(500);
    const parts = splitByBytes(text, 100);
    expect(parts.join('')).toBe(text);
    for (const p of parts) expect(bytes(p)).toBeLessThanOrEqual(100);
  });

  it('round-trips a large message in frames no bigger than the frame size', () => {
    const encode = makeFrameEncoder();
    const decode = makeFrameDecoder();
    const message = { type: 'chat.message', text: '"مرحبا" \\ 中文 😀'.repeat(4000) };
    const frames = encode(message);
    expect(frames.length).toBeGreaterThan(1);
    for (const f of frames) expect(bytes(f)).toBeLessThanOrEqual(FRAME_BYTES);
    const results = frames.map(decode);
    expect(results.slice(0, -1).every((r) => r.message === undefined && r.error === undefined)).toBe(true);
    expect(results.at(-1)?.message).toEqual(message);
  });

  it('refuses to send a message beyond the limit instead of throwing in the channel', () => {
    expect(() => makeFrameEncoder()({ text: 'x'.repeat(2 * 1024 * 1024) })).toThrow(MessageTooLargeError);
  });

  it('reports malformed or out-of-order frames and recovers', () => {
    const decode = makeFrameDecoder();
    expect(decode('nope').error).toBeDefined();
    expect(decode(JSON.stringify({ f: 1, i: 1, n: 2, d: 'x' })).error).toBe('frames out of order');
    expect(decode(JSON.stringify({ f: 1, i: 3, n: 2, d: 'x' })).error).toBe('malformed frame');
    const [frame] = makeFrameEncoder()({ ok: true });
    expect(decode(frame ?? '').message).toEqual({ ok: true });
  });
});
