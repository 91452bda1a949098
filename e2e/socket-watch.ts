/**
 * Watches (and can hold back frames of) a browser profile's socket to the server, through Playwright's WebSocket
 * routing: the page talks to the real server, frame for frame, with the test in between.
 */
import type { BrowserContext } from '@playwright/test';

export interface SocketWatch {
  /** Sockets the page opened since the watch began. */
  connections: number;
  /** `auth` frames the page sent, held back or not. */
  authFrames: number;
  /** How the server closed each socket. */
  serverCloses: { code: number | undefined; reason: string | undefined }[];
}

/**
 * Routes the profile's `/ws` sockets through the test. With `holdBackFreshTokens`, only a socket's first `auth` frame
 * reaches the server — the fresh tokens the app sends before expiry do not, as if they had been lost on the way.
 */
export async function watchSocket(context: BrowserContext, options: { holdBackFreshTokens?: boolean } = {}) {
  const watch: SocketWatch = { connections: 0, authFrames: 0, serverCloses: [] };
  await context.routeWebSocket(/\/ws$/, (page) => {
    watch.connections += 1;
    let authsOnThisSocket = 0;
    const server = page.connectToServer();
    page.onMessage((message) => {
      if (String(message).includes('"type":"auth"')) {
        watch.authFrames += 1;
        authsOnThisSocket += 1;
        if (options.holdBackFreshTokens && authsOnThisSocket > 1) return;
      }
      server.send(message);
    });
    server.onClose((code, reason) => {
      watch.serverCloses.push({ code, reason });
      void page.close({ code, reason });
    });
  });
  return watch;
}
