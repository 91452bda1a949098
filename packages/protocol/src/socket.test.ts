import { describe, expect, it } from 'vitest';
import { createdCodeSchema, redeemRequestSchema } from './pairing.ts';
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
});
