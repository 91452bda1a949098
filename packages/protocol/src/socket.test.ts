import { describe, expect, it } from 'vitest';
import { createdCodeSchema, redeemRequestSchema } from './pairing.ts';
import { TRANSCEIVER_INIT_MAX_BYTES } from './session-negotiation.ts';
import { clientSocketMessageSchema, serverSocketMessageSchema } from './socket.ts';

describe('wire schemas', () => {
  it('accept well-formed messages', () => {
    expect(clientSocketMessageSchema.parse({ type: 'auth', token: 't' })).toEqual({ type: 'auth', token: 't' });
    expect(clientSocketMessageSchema.parse({ type: 'ping', id: 3 })).toEqual({ type: 'ping', id: 3 });
  });

  it.each([
    null,
    'ping',
    {},
    { type: 'ping' },
    { type: 'ping', id: 1.5 },
    { type: 'auth', token: '' },
    { type: 'auth', token: 'x'.repeat(16 * 1024 + 1) },
    { type: 'unknown' },
  ])('reject %j', (message) => {
    expect(clientSocketMessageSchema.safeParse(message).success).toBe(false);
  });

  it('cap the length of a code request', () => {
    expect(redeemRequestSchema.safeParse({ code: 'a'.repeat(65) }).success).toBe(false);
    expect(redeemRequestSchema.safeParse({ code: 42 }).success).toBe(false);
  });

  it('refuse server messages the client does not know', () => {
    expect(serverSocketMessageSchema.safeParse({ type: 'session.paired', session: {} }).success).toBe(false);
    expect(
      createdCodeSchema.safeParse({ code: 'short', expiresAt: '', ttlSeconds: 1, permittedModes: [] }).success,
    ).toBe(false);
  });

  describe('a transceiver request’s free-form init', () => {
    const signal = (init: unknown) => ({
      type: 'session.signal',
      sessionId: 's',
      peer: 1,
      data: { type: 'transceiverRequest', transceiverRequest: { kind: 'video', init } },
    });
    const nested = (depth: number): unknown => (depth === 0 ? 'x' : { a: nested(depth - 1) });

    it('accepts what RTCRtpTransceiverInit holds', () => {
      const init = { direction: 'sendrecv', sendEncodings: [{ rid: 'h', active: true, maxBitrate: 900_000 }] };
      expect(clientSocketMessageSchema.safeParse(signal(init)).success).toBe(true);
      expect(clientSocketMessageSchema.safeParse(signal(nested(4))).success).toBe(true);
    });

    it.each([
      ['nested five deep', nested(5)],
      ['nested ten thousand deep', JSON.parse(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`)],
      ['with too many keys', Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, i]))],
      ['with a long array', { sendEncodings: Array.from({ length: 17 }, () => ({})) }],
      [
        `over ${TRANSCEIVER_INIT_MAX_BYTES} bytes`,
        { a: 'x'.repeat(200), b: Array.from({ length: 16 }, () => 'y'.repeat(200)) },
      ],
      ['not an object', [1, 2]],
    ])('refuses one %s', (_, init) => {
      expect(clientSocketMessageSchema.safeParse(signal(init)).success).toBe(false);
    });
  });
});
