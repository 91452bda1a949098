/**
 * Renders the app icon (public/favicon.svg) to the PNG sizes browsers ask for when installing the app.
 * Run once after changing the icon: `npx tsx scripts/make-icons.ts`; the PNGs are committed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_BASE_ARGS, findChromium } from '../e2e/browser-path.ts';

const PUBLIC = join(import.meta.dirname, '..', 'public');
const svg = readFileSync(join(PUBLIC, 'favicon.svg'), 'utf8');
const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;

// Maskable icons keep their content inside the central 80 % "safe zone"; the rest is background.
const icons = [
  { file: 'pwa-192x192.png', size: 192, maskable: false },
  { file: 'pwa-512x512.png', size: 512, maskable: false },
  { file: 'maskable-icon-512x512.png', size: 512, maskable: true },
  { file: 'apple-touch-icon-180x180.png', size: 180, maskable: true },
];

const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_BASE_ARGS });
const page = await browser.newPage();
for (const icon of icons) {
  await page.setViewportSize({ width: icon.size, height: icon.size });
  const inner = icon.maskable ? Math.round(icon.size * 0.7) : icon.size;
  await page.setContent(
    `<body style="margin:0;display:grid;place-items:center;width:${icon.size}px;height:${icon.size}px;background:${icon.maskable ? '#0f4c81' : 'transparent'}"><img src="${dataUrl}" width="${inner}" height="${inner}"></body>`,
  );
  await page.screenshot({ path: join(PUBLIC, icon.file), omitBackground: !icon.maskable });
}
await browser.close();
