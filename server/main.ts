/** Starts the server: `npm start` runs this after building the app. */
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { guardProcess } from './process-guards.ts';

const config = loadConfig();
const { fastify } = await buildApp(config);
guardProcess(fastify.log);
if (config.devIdp) {
  fastify.log.warn(
    `DEVELOPMENT IDENTITY PROVIDER ACTIVE at ${config.identity.issuer}: seeded users only, loopback only, shared password "${config.devIdp.password}". Configure AUTH_ISSUER for production.`,
  );
}
await fastify.listen({ port: config.port, host: config.host });
fastify.log.info(`Remote Help is ready at ${config.publicOrigin}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    fastify.close().then(
      () => process.exit(0),
      (err: unknown) => {
        fastify.log.error({ err }, 'shutting down failed');
        process.exit(1);
      },
    );
  });
}
