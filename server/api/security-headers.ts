/**
 * The security headers of every page this server sends — the app's and the development identity provider's alike —
 * from one helmet configuration, so the two can never drift apart.
 */
import type { ServerConfig } from '../config.ts';

// Not typed as HelmetOptions: @fastify/helmet and helmet's ESM entry each see their own copy of its type declarations.
export function securityHeaderOptions(config: ServerConfig) {
  const identityOrigin = new URL(config.identity.issuer).origin;
  return {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        // The sharer's control agent listens on the sharer's own loopback (spec 6).
        connectSrc: ["'self'", identityOrigin, `ws://127.0.0.1:${config.agentPort}`],
        frameSrc: ["'self'", identityOrigin],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'", identityOrigin],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // http on loopback is the development default; HSTS there would break it.
    strictTransportSecurity: config.publicOrigin.startsWith('https:'),
  };
}
