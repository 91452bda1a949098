/**
 * Byte-based framing for data channels. A single data-channel message over the SCTP limit (256 KiB here) throws in
 * `send`, and a long message would hold up everything behind it, so every message is cut into frames of at most
 * FRAME_BYTES of UTF-8 and put together again on the other side.
 */
import { type Frame, frameSchema } from '@remote-help/protocol/peer-channels';

export const FRAME_BYTES = 16 * 1024;
/** 64 frames of 16 KiB: the largest message a channel accepts. */
export const MAX_FRAMES = 64;

const encoder = new TextEncoder();

/** Splits `text` into pieces of at most `maxBytes` UTF-8 bytes, never inside a character. */
export function splitByBytes(text: string, maxBytes: number): string[] {
  const parts: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of text) {
    const size = encoder.encode(ch).length;
    if (bytes + size > maxBytes && current) {
      parts.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  if (current || parts.length === 0) parts.push(current);
  return parts;
}

export class MessageTooLargeError extends Error {}

export function makeFrameEncoder(maxFrameBytes = FRAME_BYTES) {
  let nextId = 0;
  // The envelope adds a few dozen bytes; leave room for it and for JSON escaping of the payload.
  const payloadBytes = Math.floor((maxFrameBytes - 64) / 2);
  return (message: unknown): string[] => {
    const json = JSON.stringify(message);
    const parts = splitByBytes(json, payloadBytes);
    if (parts.length > MAX_FRAMES) throw new MessageTooLargeError('message too large for a data channel');
    const f = nextId++;
    return parts.map((d, i) => JSON.stringify({ f, i, n: parts.length, d } satisfies Frame));
  };
}

/** Puts frames together; returns the parsed message once all frames of it have come, undefined until then. */
export function makeFrameDecoder() {
  const pending = new Map<number, string[]>();
  return (raw: string): { message?: unknown; error?: string } => {
    let frame: Frame;
    try {
      const parsed = frameSchema.safeParse(JSON.parse(raw));
      if (!parsed.success) return { error: 'malformed frame' };
      frame = parsed.data;
    } catch {
      return { error: 'malformed frame' };
    }
    if (frame.i >= frame.n) return { error: 'malformed frame' };
    if (frame.d.length > FRAME_BYTES) return { error: 'frame too large' };
    let parts = pending.get(frame.f);
    if (!parts) {
      // Frames of one message arrive in order on an ordered channel; a stale partial message is dropped.
      if (pending.size > 8) pending.clear();
      parts = [];
      pending.set(frame.f, parts);
    }
    if (frame.i !== parts.length) {
      pending.delete(frame.f);
      return { error: 'frames out of order' };
    }
    parts.push(frame.d);
    if (parts.length < frame.n) return {};
    pending.delete(frame.f);
    try {
      return { message: JSON.parse(parts.join('')) };
    } catch {
      return { error: 'malformed message' };
    }
  };
}
