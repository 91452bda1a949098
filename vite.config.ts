import { readFileSync } from 'node:fs';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import solid from 'vite-plugin-solid';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(version) },
  plugins: [
    solid(),
    tailwindcss(),
    VitePWA({
      // A new version waits until the person chooses "Reload to update": a reload mid-session would drop the call.
      registerType: 'prompt',
      // Registered from the app's own module (src/app/app-updates.ts): the CSP allows no inline scripts.
      injectRegister: false,
      includeAssets: ['favicon.svg', 'favicon-sharing.svg', 'apple-touch-icon-180x180.png'],
      manifest: {
        id: '/',
        name: 'Remote Help',
        short_name: 'Remote Help',
        description: 'Get help from your IT support, or give help to a colleague.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        // A join link or a launch opened while the app runs comes to its window (the app reads it from the launch
        // queue) rather than reloading it, which would drop a call in progress; Edge opens in-scope links in the
        // installed app instead of a browser tab.
        launch_handler: { client_mode: ['focus-existing', 'auto'] },
        handle_links: 'preferred',
        background_color: '#f8fafc',
        theme_color: '#0f4c81',
        icons: [
          { src: '/pwa-192x192.png', sizes: '192x192', type: 'image/png' },
          { src: '/pwa-512x512.png', sizes: '512x512', type: 'image/png' },
          { src: '/maskable-icon-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png}'],
        navigateFallback: '/index.html',
        // Server routes are never answered from the cache: the API, sockets and the development sign-in pages.
        navigateFallbackDenylist: [/^\/api\//, /^\/ws/, /^\/dev-idp/, /^\/healthz/],
        cleanupOutdatedCaches: true,
        // Remote-launch notifications: what happens when one is chosen (spec 3.2).
        importScripts: ['launch-notifications-sw.js'],
      },
    }),
  ],
  // Maps are written for reading error reports, but not referenced from the scripts; the server never serves them.
  build: { target: 'es2022', sourcemap: 'hidden' },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/dev-idp': 'http://127.0.0.1:8080',
      '/ws': { target: 'ws://127.0.0.1:8080', ws: true },
    },
  },
});
