import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(version) },
  test: {
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'default',
          include: [
            'src/**/*.test.ts',
            'packages/*/src/**/*.test.ts',
            'server/**/*.test.ts',
            'tests/**/*.test.ts',
            'agent/src/**/*.test.ts',
          ],
          exclude: ['src/**/*.reactive.test.ts'],
        },
      },
      {
        // Solid's reactive code (effects, memos) in Node, without a DOM: Node's own export of solid-js is the server
        // build, whose effects never run, so these tests resolve its browser build instead.
        extends: true,
        resolve: { conditions: ['browser'] },
        ssr: { resolve: { conditions: ['browser'] } },
        test: {
          name: 'reactive',
          include: ['src/**/*.reactive.test.ts'],
          server: { deps: { inline: [/solid-js/, /@solid-primitives/] } },
        },
      },
      {
        // The same API and operations tests again, every server on PostgreSQL (a fresh database each, on one private
        // PostgreSQL started for the run). tests/faults stay SQLite-only: they lock or reopen the SQLite file itself
        // (database-locked, kill-restart, socket-message-failure); postgres-unreachable starts its own PostgreSQL.
        extends: true,
        test: {
          name: 'api-postgres',
          include: ['tests/api/**/*.test.ts', 'tests/operations/**/*.test.ts'],
          env: { TEST_DATABASE: 'postgres' },
          globalSetup: ['tests/support/postgres-global-setup.ts'],
        },
      },
    ],
  },
});
