/**
 * Generated socket frames for the fuzz suite: every client message type of the protocol, mostly well formed and
 * sometimes not (a field of the wrong type, out of range, missing, extra), and malformed frames (not JSON, JSON that
 * is no message, unknown types, binary, oversized). A frame naming the live session says LIVE_SESSION, replaced with
 * its id when sent, so what is generated depends on the seed alone.
 */
import { MAX_SOCKET_MESSAGE_BYTES } from '@remote-help/protocol/socket';
import fc from 'fast-check';

export type Frame = { kind: 'text'; data: string } | { kind: 'binary'; data: Uint8Array };

export const LIVE_SESSION = '$live-session$';

const text = (data: string): Frame => ({ kind: 'text', data });
const json = (value: unknown): Frame => text(JSON.stringify(value));

/** Any JSON value, kept small: what a confused or hostile client may put in any field. */
const junk = fc.jsonValue({ maxDepth: 3 });
/** A field's value: usually of the right kind, sometimes anything at all. */
const or = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ arbitrary: arb, weight: 6 }, { arbitrary: junk, weight: 1 });

const mode = or(fc.constantFrom('view', 'control', 'elevation', 'root'));
const surface = or(fc.constantFrom('monitor', 'window', 'browser', 'unknown'));
const reason = or(fc.constantFrom('declined', 'picker_cancelled', 'wrong_surface', 'not_permitted', 'busy'));

const event = fc.oneof(
  fc.record({ type: fc.constant('mode.request'), mode }),
  fc.record({ type: fc.constant('mode.allow'), mode, surface }),
  fc.record({ type: fc.constant('mode.decline'), mode, reason }),
  fc.record({ type: fc.constant('mode.switch'), mode: or(fc.constant('view')) }),
  fc.constantFrom(
    { type: 'sharing.stopped' },
    { type: 'elevation.request' },
    { type: 'elevation.allow' },
    { type: 'elevation.used' },
    { type: 'signout.done' },
  ),
  fc.record({ type: fc.constant('elevation.decline'), reason }),
  junk,
);

const signal = fc.oneof(
  fc.record({
    type: fc.constantFrom('offer', 'answer', 'pranswer', 'rollback'),
    sdp: or(fc.string({ maxLength: 2000 })),
  }),
  fc.record({
    type: fc.constant('candidate'),
    candidate: or(
      fc.record(
        {
          candidate: or(fc.string({ maxLength: 300 })),
          sdpMLineIndex: or(fc.option(fc.integer({ min: -1, max: 10 }))),
          sdpMid: or(fc.option(fc.string({ maxLength: 80 }))),
          usernameFragment: or(fc.option(fc.string({ maxLength: 300 }))),
        },
        { requiredKeys: ['candidate'] },
      ),
    ),
  }),
  fc.record({ type: fc.constant('renegotiate'), renegotiate: or(fc.constant(true)) }),
  fc.record({
    type: fc.constant('transceiverRequest'),
    transceiverRequest: or(
      fc.record(
        { kind: or(fc.constantFrom('audio', 'video')), init: fc.jsonValue({ maxDepth: 7 }) },
        { requiredKeys: ['kind'] },
      ),
    ),
  }),
  junk,
);

export function clientFrames(): fc.Arbitrary<Frame> {
  const sessionId = or(
    fc.oneof({ weight: 4, arbitrary: fc.constant(LIVE_SESSION) }, fc.uuid(), fc.string({ maxLength: 80 })),
  );
  const message = fc.oneof(
    { weight: 1, arbitrary: fc.record({ type: fc.constant('auth'), token: or(fc.string({ maxLength: 40 })) }) },
    {
      weight: 3,
      arbitrary: fc.record({ type: fc.constant('ping'), id: or(fc.oneof(fc.nat(), fc.integer(), fc.double())) }),
    },
    { weight: 12, arbitrary: fc.record({ type: fc.constant('session.event'), sessionId, event }) },
    {
      weight: 6,
      arbitrary: fc.record({
        type: fc.constant('session.signal'),
        sessionId,
        peer: or(fc.integer({ min: -2, max: 5 })),
        data: signal,
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        type: fc.constantFrom('session.leave', 'session.closing', 'session.resume', 'session.activity'),
        sessionId,
      }),
    },
    // A known type with a stray field, or with none of its own.
    {
      weight: 1,
      arbitrary: fc.record({ type: fc.constantFrom('ping', 'session.event', 'session.leave'), extra: junk }),
    },
  );
  const malformed = fc.oneof(
    fc.string({ maxLength: 200 }).map(text),
    junk.map(json),
    fc.record({ type: fc.string({ maxLength: 30 }), payload: junk }).map(json),
    fc.uint8Array({ maxLength: 64 }).map((data): Frame => ({ kind: 'binary', data })),
    fc
      .integer({ min: MAX_SOCKET_MESSAGE_BYTES + 1, max: MAX_SOCKET_MESSAGE_BYTES * 2 })
      .map((n) => json({ type: 'ping', id: 1, pad: 'x'.repeat(n) })),
    fc.nat({ max: 2000 }).map((depth) => text(`${'['.repeat(depth)}${']'.repeat(depth)}`)),
  );
  return fc.oneof({ weight: 6, arbitrary: message.map(json) }, { weight: 1, arbitrary: malformed });
}
