/**
 * Negotiation between the two sides of a session, relayed by the server over the socket (see socket.ts): the events,
 * which side may send each, the WebRTC signalling, and the timing both sides must agree on.
 */
import { z } from 'zod';
import type { Role } from './domain.ts';

/**
 * How long either side may be cut off before the session ends (spec 4.9): each client's link limit and the server's
 * default grace for a member whose socket is gone.
 */
export const LINK_TIMEOUT_MS = 30_000;

/**
 * A client reports activity the server cannot see (chat, input, mode changes over the peer connection) at most this
 * often (spec 4.10: idle timeout); the server takes reports somewhat closer together than this and ignores a flood.
 */
export const ACTIVITY_REPORT_INTERVAL_MS = 30_000;

/** Modes a helper asks for in a mode request: elevation is asked for separately, once in full control. */
const liveModeSchema = z.enum(['view', 'control']);
export type LiveMode = z.infer<typeof liveModeSchema>;

const declineReasonSchema = z.enum(['declined', 'picker_cancelled', 'wrong_surface', 'not_permitted', 'busy']);
export type DeclineReason = z.infer<typeof declineReasonSchema>;

const displaySurfaceSchema = z.enum(['monitor', 'window', 'browser', 'unknown']);
export type DisplaySurface = z.infer<typeof displaySurfaceSchema>;

/**
 * Negotiation between the two sides. The server relays these between the members of a session and audits them;
 * consent itself is decided by the sharer's client.
 */
export const sessionEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('mode.request'), mode: liveModeSchema }),
  z.object({ type: z.literal('mode.allow'), mode: liveModeSchema, surface: displaySurfaceSchema }),
  z.object({ type: z.literal('mode.decline'), mode: liveModeSchema, reason: declineReasonSchema }),
  /** Either side drops to view only; no consent needed to go down. */
  z.object({ type: z.literal('mode.switch'), mode: z.literal('view') }),
  z.object({ type: z.literal('sharing.stopped') }),
  z.object({ type: z.literal('elevation.request') }),
  z.object({ type: z.literal('elevation.allow') }),
  z.object({ type: z.literal('elevation.decline'), reason: declineReasonSchema }),
  /** The sharer's agent applied input while elevation was allowed (spec 4.5): leaving will sign the sharer out. */
  z.object({ type: z.literal('elevation.used') }),
  /** The sharer left after elevated actions and the agent's sign-out ran. */
  z.object({ type: z.literal('signout.done') }),
]);
export type SessionEvent = z.infer<typeof sessionEventSchema>;

/** Which side may send which negotiation event; the server refuses the others. */
export const SESSION_EVENT_SENDERS: Readonly<Record<SessionEvent['type'], readonly Role[]>> = {
  'mode.request': ['helper'],
  'mode.allow': ['sharer'],
  'mode.decline': ['sharer'],
  'mode.switch': ['helper', 'sharer'],
  'sharing.stopped': ['sharer'],
  'elevation.request': ['helper'],
  'elevation.allow': ['sharer'],
  'elevation.decline': ['sharer'],
  'elevation.used': ['sharer'],
  'signout.done': ['sharer'],
};

/** How deep a transceiver request's `init` may nest (`{ sendEncodings: [ { rid: 'h' } ] }` is 3), and its JSON size. */
export const TRANSCEIVER_INIT_DEPTH = 4;
export const TRANSCEIVER_INIT_MAX_BYTES = 2048;

const jsonLeafSchema = z.union([z.string().max(256), z.number(), z.boolean(), z.null()]);
const MAX_ENTRIES = 16;

/** Any JSON value nesting at most `depth` objects or arrays, each of at most 16 entries. */
function boundedJson(depth: number): z.ZodType<unknown> {
  if (depth <= 0) return jsonLeafSchema;
  const inner = boundedJson(depth - 1);
  return z.union([
    jsonLeafSchema,
    z.array(inner).max(MAX_ENTRIES),
    z.record(z.string().max(64), inner).refine((o) => Object.keys(o).length <= MAX_ENTRIES, 'too many keys'),
  ]);
}

/** A JSON object nesting at most `depth` levels (itself included), at most `maxBytes` long as JSON. */
function boundedJsonObject(depth: number, maxBytes: number) {
  return z
    .record(z.string().max(64), boundedJson(depth - 1))
    .refine((o) => Object.keys(o).length <= MAX_ENTRIES, 'too many keys')
    .refine((o) => JSON.stringify(o).length <= maxBytes, 'too large');
}

/** simple-peer's signalling data: offers, answers, trickled candidates, renegotiation. Bounded, never interpreted. */
export const signalDataSchema = z.union([
  z.object({ type: z.enum(['offer', 'answer', 'pranswer', 'rollback']), sdp: z.string().max(48 * 1024) }),
  z.object({
    type: z.literal('candidate'),
    candidate: z.object({
      candidate: z.string().max(1024),
      sdpMLineIndex: z.number().int().nullable().optional(),
      sdpMid: z.string().max(64).nullable().optional(),
      usernameFragment: z.string().max(256).nullable().optional(),
    }),
  }),
  z.object({ type: z.literal('renegotiate'), renegotiate: z.literal(true) }),
  z.object({
    type: z.literal('transceiverRequest'),
    transceiverRequest: z.object({
      kind: z.enum(['audio', 'video']),
      /** An RTCRtpTransceiverInit (direction, sendEncodings…): free-form, so bounded in depth, breadth and size. */
      init: boundedJsonObject(TRANSCEIVER_INIT_DEPTH, TRANSCEIVER_INIT_MAX_BYTES).optional(),
    }),
  }),
]);
export type SignalData = z.infer<typeof signalDataSchema>;
