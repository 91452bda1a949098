/** Starts the server: `npm start` runs this after building the app. */
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { guardProcess } from './process-guards.ts';

const config = loadConfig();
const app = await buildApp(config);
const { fastify } = app;
guardProcess(fastify.log);
if (config.devIdp) {
  fastify.log.warn(
    `DEVELOPMENT IDENTITY PROVIDER ACTIVE at ${config.identity.issuer}: seeded users only, loopback only, shared password "${config.devIdp.password}". Configure AUTH_ISSUER for production.`,
  );
}
await fastify.listen({ port: config.port, host: config.host });
fastify.log.info(`Remote Help is ready at ${config.publicOrigin}`);

// SIGTERM (an orchestrator replacing this node) drains first: out of service, sockets closed with "service restart"
// over DRAIN_SECONDS so clients move to the other nodes; SIGINT (Ctrl-C at a terminal) stops at once.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    fastify.log.info({ signal }, signal === 'SIGTERM' ? 'draining, then stopping' : 'stopping');
    const drained = signal === 'SIGTERM' ? app.drain() : Promise.resolve();
    drained
      .then(() => fastify.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          fastify.log.error({ err }, 'shutting down failed');
          process.exit(1);
        },
      );
  });
}
