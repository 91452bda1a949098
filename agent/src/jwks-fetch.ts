/**
 * How the agent fetches the app's grant keys: one small GET through node:http/https instead of Node's built-in
 * fetch. Node's fetch (undici) turns TCP keep-alive on with a delay before connecting, and the socket option for
 * that delay (TCP_KEEPALIVE) is refused by Windows before 10 version 1709 (the 2016 LTSB/LTSC releases still in
 * use) and by Wine: the connection then fails with "connect UNKNOWN" and no grant could ever be checked.
 * Redirects are not followed (as jose asks) and the answer is capped, since a key set is a few hundred bytes.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { FetchImplementation } from 'jose';

export const MAX_JWKS_BYTES = 64 * 1024;

function readBody(response: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        response.destroy(new Error(`The key set is larger than ${limit} bytes.`));
        return;
      }
      chunks.push(chunk);
    });
    response.once('end', () => resolve(Buffer.concat(chunks)));
    response.once('error', reject);
  });
}

export const nodeHttpFetch: FetchImplementation = (url, options) =>
  new Promise<Response>((resolve, reject) => {
    const target = new URL(url);
    const headers: Record<string, string> = {};
    options.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, {
      method: options.method,
      headers,
      signal: options.signal,
    });
    request.once('error', reject);
    request.once('response', (response) => {
      readBody(response, MAX_JWKS_BYTES).then((body) => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (typeof value === 'string') headers.set(name, value);
        }
        resolve(new Response(new Uint8Array(body), { status: response.statusCode ?? 0, headers }));
      }, reject);
    });
    request.end();
  });
