/**
 * The hand-off between the agent the sharer runs (a user-level program in their Windows session) and the agent's
 * service (LocalSystem, session 0), which alone can put a process on the secure desktop where UAC prompts and the
 * lock screen live. See agent/README.md, "Elevation on Windows", for the whole design.
 *
 * The two talk over a local named pipe, \\.\pipe\remote-help-agent-elevation, one JSON message per line, each
 * limited and validated here at both ends. The user-level agent asks; the service checks (elevation-grant.ts) and
 * answers. Once started, the helper on the secure desktop takes input only with the hand-off's one-time key, and
 * only until the grant expires.
 */

import { controlEventSchema } from '@remote-help/protocol/peer-channels';
import { z } from 'zod';

export const ELEVATION_PIPE = '\\\\.\\pipe\\remote-help-agent-elevation';
export const HANDOFF_PROTOCOL_VERSION = 1;
export const MAX_HANDOFF_LINE_BYTES = 16 * 1024;

const sessionId = z.string().min(1).max(64);
/** A random one-time key (32 bytes, base64url) binding the helper on the secure desktop to this hand-off. */
const handoffKey = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/** User-level agent → service. */
export const handoffRequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('elevation.hello'), version: z.number().int().min(1) }),
  /** Start a helper on the secure desktop of the caller's Windows session, under this grant (it must allow elevation). */
  z.object({ type: z.literal('elevation.start'), sessionId, token: z.string().min(1).max(4096) }),
  /** Input for the secure desktop while it is in front (a UAC prompt, Ctrl+Alt+Del's screen). */
  z.object({
    type: z.literal('elevation.input'),
    sessionId,
    key: handoffKey,
    seq: z.number().int().nonnegative(),
    event: controlEventSchema,
  }),
  /** Ctrl+Alt+Del, which only a service may ask Windows for (SendSAS). */
  z.object({ type: z.literal('elevation.secureAttention'), sessionId, key: handoffKey }),
  z.object({ type: z.literal('elevation.stop'), sessionId, key: handoffKey }),
]);
export type HandoffRequest = z.infer<typeof handoffRequestSchema>;

export const handoffRefusalCodeSchema = z.enum([
  'invalid_message',
  'version_unsupported',
  'grant_invalid',
  'grant_expired',
  'grant_other_device',
  'not_permitted',
  'grant_reused',
  'wrong_windows_session',
  'no_handoff',
  'wrong_key',
  'launch_failed',
]);
export type HandoffRefusalCode = z.infer<typeof handoffRefusalCodeSchema>;

/** Service → user-level agent. */
export const handoffReplySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('elevation.welcome'), version: z.number().int().min(1) }),
  z.object({
    type: z.literal('elevation.started'),
    sessionId,
    key: handoffKey,
    /** When the grant, and so the hand-off, runs out (ISO 8601). */
    expiresAt: z.string(),
  }),
  /** The input (or the secure attention sequence, without a seq) was handed to the secure desktop. */
  z.object({ type: z.literal('elevation.applied'), seq: z.number().int().nonnegative().optional() }),
  z.object({
    type: z.literal('elevation.stopped'),
    sessionId,
    reason: z.enum(['asked', 'grant_expired', 'session_changed', 'helper_exited']),
  }),
  z.object({
    type: z.literal('elevation.refused'),
    code: handoffRefusalCodeSchema,
    message: z.string().max(500),
    seq: z.number().int().nonnegative().optional(),
  }),
]);
export type HandoffReply = z.infer<typeof handoffReplySchema>;

/** One message as one line. */
export function encodeLine(message: HandoffRequest | HandoffReply): string {
  const line = `${JSON.stringify(message)}\n`;
  if (Buffer.byteLength(line) > MAX_HANDOFF_LINE_BYTES) throw new Error('Hand-off message too large.');
  return line;
}

export type Decoded<T> = { ok: true; message: T } | { ok: false; reason: string };

/**
 * Splits a byte stream into lines and validates each with the schema. A line over the limit is refused without
 * being buffered whole: the rest of it up to the next newline is dropped.
 */
export class LineDecoder<T> {
  private buffered = '';
  private discarding = false;

  constructor(private readonly schema: z.ZodType<T>) {}

  push(chunk: string): Decoded<T>[] {
    const out: Decoded<T>[] = [];
    let text = this.buffered + chunk;
    this.buffered = '';
    for (;;) {
      const end = text.indexOf('\n');
      if (end < 0) break;
      const line = text.slice(0, end);
      text = text.slice(end + 1);
      if (this.discarding) {
        this.discarding = false;
        continue;
      }
      out.push(this.decode(line));
    }
    if (this.discarding) return out;
    if (Buffer.byteLength(text) > MAX_HANDOFF_LINE_BYTES) {
      out.push({ ok: false, reason: `Line longer than ${MAX_HANDOFF_LINE_BYTES} bytes.` });
      this.discarding = true;
    } else {
      this.buffered = text;
    }
    return out;
  }

  private decode(line: string): Decoded<T> {
    if (Buffer.byteLength(line) > MAX_HANDOFF_LINE_BYTES) {
      return { ok: false, reason: `Line longer than ${MAX_HANDOFF_LINE_BYTES} bytes.` };
    }
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      return { ok: false, reason: 'Not JSON.' };
    }
    const parsed = this.schema.safeParse(json);
    if (!parsed.success) return { ok: false, reason: `Not a valid message: ${parsed.error.issues[0]?.message ?? ''}` };
    return { ok: true, message: parsed.data };
  }
}
