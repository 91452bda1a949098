/**
 * Serves one route of the protocol's HTTP table (@remote-help/protocol/http-api): its method and path, its success
 * status, and a handler typed by the table's schemas, so the server cannot drift from what the app calls.
 */
import type { BodyOut, Endpoint, FileResponse, PathParams, QueryOut, ResponseIn } from '@remote-help/protocol/http-api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseRequest } from './error-replies.ts';

export interface EndpointCall<E extends Endpoint> {
  req: FastifyRequest;
  reply: FastifyReply;
  params: PathParams<E>;
  /**
   * The query and the body, parsed with the table's schemas (an `invalid_request` refusal otherwise). Read when the
   * handler needs them, so a caller who may not call the route is refused as such whatever they sent.
   */
  query(): QueryOut<E>;
  body(): BodyOut<E>;
}

/** A handler answers with a JSON body in the table's shape, nothing for a 204, or a file's text or sent reply. */
type Handler<E extends Endpoint> = E['response'] extends null
  ? (call: EndpointCall<E>) => Promise<void>
  : (call: EndpointCall<E>) => Promise<E['response'] extends FileResponse ? string | FastifyReply : ResponseIn<E>>;

export function serve<E extends Endpoint>(app: FastifyInstance, endpoint: E, handler: Handler<E>): void {
  app.route({
    method: endpoint.method,
    url: endpoint.path,
    handler: async (req, reply) => {
      const answer = await handler({
        req,
        reply,
        params: req.params as PathParams<E>,
        query: () => (endpoint.query ? parseRequest(endpoint.query, req.query) : undefined) as QueryOut<E>,
        body: () => (endpoint.body ? parseRequest(endpoint.body, req.body) : undefined) as BodyOut<E>,
      });
      if (endpoint.response === null) return reply.code(204).send();
      if (endpoint.status) reply.code(endpoint.status);
      return answer;
    },
  });
}
