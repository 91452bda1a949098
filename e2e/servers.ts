/** The servers the end-to-end tests run against, each with its own fresh data folder. */
export const SERVERS = {
  main: { port: 8181, origin: 'http://127.0.0.1:8181', dataDir: '.e2e-data/main', env: {} },
  /** Short-lived codes and its own lock-out counters, for expiry and brute-force tests. */
  shortCodes: {
    port: 8182,
    origin: 'http://127.0.0.1:8182',
    dataDir: '.e2e-data/short-codes',
    env: { CODE_TTL_SECONDS: '4' },
  },
} as const;
