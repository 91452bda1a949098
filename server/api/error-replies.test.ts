import { apiErrorSchema, ERROR_STATUS, errorCodeSchema } from '@remote-help/protocol/errors';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Refusal } from '../domain/refusal.ts';
import { replyToError } from './error-replies.ts';

let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify({ bodyLimit: 16 });
  app.setErrorHandler(replyToError);
  app.get<{ Params: { code: string } }>('/refuse/:code', async (req) => {
    throw new Refusal(errorCodeSchema.parse(req.params.code), `Refused: ${req.params.code}`);
  });
  app.get('/locked', async () => {
    throw new Refusal('redeem_locked', 'Wait.', new Date('2030-01-02T03:04:05.000Z'));
  });
  app.get('/crash', async () => {
    throw new Error('a bug');
  });
  app.post('/echo', async (req) => req.body);
  await app.ready();
});
afterAll(() => app.close());

describe('error replies', () => {
  it.each(errorCodeSchema.options)('send a %s refusal with the status the protocol table gives it', async (code) => {
    const res = await app.inject(`/refuse/${code}`);
    expect(res.statusCode).toBe(ERROR_STATUS[code]);
    expect(apiErrorSchema.parse(res.json())).toEqual({ error: { code, message: `Refused: ${code}` } });
  });

  it('say until when a lock-out lasts', async () => {
    const res = await app.inject('/locked');
    expect(res.statusCode).toBe(429);
    expect(res.json()).toEqual({
      error: { code: 'redeem_locked', message: 'Wait.', retryAt: '2030-01-02T03:04:05.000Z' },
    });
  });

  it('keep the framework’s own status for what it refuses, in the same body shape', async () => {
    const tooLarge = await app.inject({ method: 'POST', url: '/echo', payload: { text: 'x'.repeat(64) } });
    expect(tooLarge.statusCode).toBe(413);
    expect(apiErrorSchema.parse(tooLarge.json()).error.code).toBe('payload_too_large');
    const wrongType = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/x-unknown' },
      payload: 'x',
    });
    expect(wrongType.statusCode).toBe(415);
    expect(apiErrorSchema.parse(wrongType.json()).error.code).toBe('invalid_request');
  });

  it('answer anything else as an internal error, without its details', async () => {
    const res = await app.inject('/crash');
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'internal', message: 'Something went wrong on the server.' } });
  });
});
