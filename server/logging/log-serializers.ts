/**
 * What the server's log lines say about a request. Pairing codes and enrollment tokens travel in URLs (`/join?code=…`,
 * `/enroll?token=…`, `DELETE /api/codes/:code`) and are as good as a password while they live, so the log never keeps
 * them: sensitive query values and path segments are replaced before a line is written.
 */
export const REDACTED = '[redacted]';

/** Query parameters whose values are secrets: pairing codes, enrollment tokens, OAuth codes and tokens. */
const SECRET_PARAMETERS = new Set(['code', 'token', 'state', 'access_token', 'id_token', 'refresh_token', 'secret']);

/** Paths whose last segment is a secret, e.g. cancelling a pairing code by its value. */
const SECRET_PATH = /^(\/api\/codes\/)(?!redeem(?:$|[/?]))[^/?]+/;

export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q)).replace(SECRET_PATH, `$1${REDACTED}`);
  if (q < 0) return path;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      let name: string;
      try {
        name = decodeURIComponent(pair.slice(0, eq).replace(/\+/g, ' ')).toLowerCase();
      } catch {
        // A name that does not decode cannot be told apart from a secret one.
        return `${pair.slice(0, eq)}=${REDACTED}`;
      }
      return SECRET_PARAMETERS.has(name) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join('&');
  return `${path}?${query}`;
}

/** What Fastify hands its request serializer (its own request, though typed as the raw one). */
interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** Fastify's own request serializer, with the URL redacted. */
export function serializeRequest(req: LoggedRequest) {
  return {
    method: req.method,
    url: req.url === undefined ? undefined : redactUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}
