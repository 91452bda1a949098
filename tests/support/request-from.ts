/**
 * An HTTP request from a chosen loopback address (127.0.0.2, 127.0.0.3…): several "clients" on one machine, each
 * with an address of its own, as a proxy or the server sees them.
 */
import { request } from 'node:http';

export interface FromResponse {
  status: number;
  body: unknown;
}

export function requestFrom(
  localAddress: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<FromResponse> {
  const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: init.method ?? 'GET',
        localAddress,
        headers: { ...init.headers, ...(payload ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // Not JSON: keep the text.
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.once('error', reject);
    req.end(payload);
  });
}
