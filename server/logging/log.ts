/** What the domain needs of a logger: pino's (Fastify's) shape, so the server's own logger is passed in as it is. */
export interface Log {
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}
