/**
 * `npm run cluster`: the product as a cluster on this machine, for a person to try — three server nodes behind HAProxy,
 * with a private PostgreSQL and Redis (or the machine's own, when DATABASE_URL / REDIS_URL are set), on loopback.
 * Builds the app first if it has not been built. Ctrl-C stops everything it started.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startCluster } from '../tests/support/cluster.ts';
import { NODE_COOKIE } from '../tests/support/haproxy.ts';

const ROOT = resolve(import.meta.dirname, '..');
const nodes = Number(process.env.CLUSTER_NODES ?? 3);
const port = Number(process.env.PORT ?? 8080);

if (!existsSync(join(ROOT, 'dist', 'index.html'))) {
  console.log('Building the app (dist/ is missing)…');
  execFileSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
}

console.log(`Starting PostgreSQL, Redis, ${nodes} server nodes and HAProxy…`);
const cluster = await startCluster({
  nodes,
  port,
  engines: true,
  databaseUrl: process.env.DATABASE_URL,
  redisUrl: process.env.REDIS_URL,
  logLevel: process.env.LOG_LEVEL ?? 'warn',
  env: { STATIC_DIR: join(ROOT, 'dist') },
});

const hide = (url: string | undefined) => (url ? url.replace(/\/\/[^@/]*@/, '//…@') : '(none)');
console.log(`
Remote Help is running at ${cluster.origin}  (HAProxy in front of ${nodes} nodes)

  PostgreSQL  ${hide(cluster.databaseUrl)}${process.env.DATABASE_URL ? '' : '  (private, removed on exit)'}
  Redis       ${hide(cluster.redisUrl)}${process.env.REDIS_URL ? '' : '  (private, removed on exit)'}
${cluster.nodes
  .map((n) => `  ${n.name}          ${n.origin}  pid ${n.process().child.pid}  metrics ${n.metricsOrigin}/metrics`)
  .join('\n')}

Sign in with a seeded user (password "remotehelp"), e.g. alex.helper@contoso.test and, in a private window,
adele.sharer@contoso.test. To pin a browser to one node, set the cookie ${NODE_COOKIE}=n2 on ${cluster.origin};
to see a node die, kill -9 its pid. Ctrl-C stops everything.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the cluster…');
    cluster.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
