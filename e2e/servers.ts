/** The servers the end-to-end tests run against, each with its own fresh data folder. */
interface TestServer {
  port: number;
  origin: string;
  dataDir: string;
  env: Record<string, string>;
  /** Shell commands run before the server starts. */
  prepare?: string;
}

/** How long access tokens live on the shortCodes server. */
export const SHORT_TOKEN_SECONDS = 10;

export const SERVERS = {
  /** Offers sharers on Windows the agent from the organisation's own address (never fetched by the tests). */
  main: {
    port: 8181,
    origin: 'http://127.0.0.1:8181',
    dataDir: '.e2e-data/main',
    env: { AGENT_WINDOWS_DOWNLOAD_URL: 'https://software.contoso.test/remote-help/remote-help-agent.exe' },
  },
  /** Short-lived codes and access tokens, and its own lock-out counters, for expiry and brute-force tests. */
  shortCodes: {
    port: 8182,
    origin: 'http://127.0.0.1:8182',
    dataDir: '.e2e-data/short-codes',
    env: { CODE_TTL_SECONDS: '4', DEV_IDP_TOKEN_SECONDS: String(SHORT_TOKEN_SECONDS) },
  },
  /** Serves its own copy of the built app, so a test can put a new build in place while a page is open. */
  updates: {
    port: 8183,
    origin: 'http://127.0.0.1:8183',
    dataDir: '.e2e-data/updates',
    env: { STATIC_DIR: '.e2e-data/updates-app' },
    prepare: 'rm -rf .e2e-data/updates-app && mkdir -p .e2e-data && cp -r dist .e2e-data/updates-app',
  },
  /** Full control: the sharers' control agents listen on their own port (started by the tests, on Xvfb). */
  control: {
    port: 8185,
    origin: 'http://127.0.0.1:8185',
    dataDir: '.e2e-data/control',
    env: { AGENT_PORT: '47701' },
  },
  /** Declares a minimum client version above this build's. */
  newerRequired: {
    port: 8184,
    origin: 'http://127.0.0.1:8184',
    dataDir: '.e2e-data/newer-required',
    env: { MIN_CLIENT_VERSION: '99.0.0' },
  },
} as const satisfies Record<string, TestServer>;

/** The copy of the app that the updates server serves. */
export const UPDATES_APP_DIR = '.e2e-data/updates-app';
