/// <reference types="vite/client" />
/// <reference types="vite-plugin-pwa/client" />

/** The app's version from package.json, compared with the server's minimum client version. */
declare const __APP_VERSION__: string;
