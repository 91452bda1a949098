import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_JWKS_BYTES, nodeHttpFetch } from './jwks-fetch.ts';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/agent/jwks`;
}

const get = (url: string, signal = AbortSignal.timeout(5000)) =>
  nodeHttpFetch(url, {
    method: 'GET',
    redirect: 'manual',
    signal,
    headers: new Headers({ accept: 'application/json' }),
  });

describe('fetching the grant keys over node:http', () => {
  it('returns the status, headers and body, having sent the headers asked for', async () => {
    let accept: string | undefined;
    const url = await serve((request, response) => {
      accept = request.headers.accept;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"keys":[]}');
    });
    const response = await get(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ keys: [] });
    expect(accept).toBe('application/json');
  });

  it('does not follow a redirect', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(302, { location: 'http://example.invalid/' });
      response.end();
    });
    expect((await get(url)).status).toBe(302);
  });

  it('refuses an answer larger than a key set can be', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200);
      response.end(Buffer.alloc(MAX_JWKS_BYTES + 1, 32));
    });
    await expect(get(url)).rejects.toThrow('larger than');
  });

  it('stops when the signal aborts (jose’s timeout)', async () => {
    const url = await serve(() => {
      // Never answers.
    });
    const controller = new AbortController();
    const pending = get(url, controller.signal);
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
  });
});
