import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures.ts';
import { SERVERS, UPDATES_APP_DIR } from './servers.ts';

/** Width and height from a PNG's header. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('the service worker is registered and the manifest makes the app installable', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toBe(`${SERVERS.main.origin}/`);

  const href = await page.evaluate(() => document.querySelector('link[rel="manifest"]')?.getAttribute('href'));
  expect(href).toBe('/manifest.webmanifest');
  const response = await page.request.get(href ?? '');
  expect(response.headers()['content-type']).toContain('application/manifest+json');
  const manifest = (await response.json()) as {
    name: string;
    short_name: string;
    start_url: string;
    display: string;
    scope: string;
    launch_handler: { client_mode: string[] };
    handle_links: string;
    theme_color: string;
    icons: { src: string; sizes: string; type: string; purpose?: string }[];
  };
  expect(manifest).toMatchObject({ name: 'Remote Help', start_url: '/', display: 'standalone' });
  // Join links and launches open in the installed app's window, without reloading a call in progress (Edge).
  expect(manifest).toMatchObject({
    scope: '/',
    launch_handler: { client_mode: ['focus-existing', 'auto'] },
    handle_links: 'preferred',
  });
  for (const icon of manifest.icons) {
    const image = await page.request.get(icon.src);
    expect(image.headers()['content-type']).toBe('image/png');
    const { width, height } = pngSize(await image.body());
    expect(`${width}x${height}`).toBe(icon.sizes);
  }
  expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);

  // Chromium's own installability check of this page, manifest and service worker.
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // Test profiles are incognito-like; that is the browser profile, not the app.
  expect(installabilityErrors.filter((e) => e.errorId !== 'in-incognito')).toEqual([]);
});

test('the app shell opens offline and says the service is unreachable, then recovers', async ({ page, context }) => {
  await page.goto('/');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Remote Help is unreachable' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Remote Help is unreachable' })).toBeFocused();

  await context.setOffline(false);
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});

test('every screen’s URL opens from the service worker while offline', async ({ page, context }) => {
  await page.goto('/');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await context.setOffline(true);
  for (const path of [
    '/give',
    '/get',
    '/join?code=abcd1234',
    '/enroll?token=t',
    '/sessions/s1',
    '/devices/d1',
    '/admin',
  ]) {
    await page.goto(path);
    await expect(page.getByRole('heading', { name: 'Remote Help is unreachable' })).toBeVisible();
  }
});

test('a new build waiting shows Reload to update, and reloading activates it', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: SERVERS.updates.origin });
  const page = await context.newPage();
  await page.goto('/');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect(page.getByRole('button', { name: 'Reload to update' })).toHaveCount(0);

  // A new build has a new service worker (its precache list names the new files); here the same build, re-marked.
  const sw = join(UPDATES_APP_DIR, 'sw.js');
  writeFileSync(sw, `${readFileSync(sw, 'utf8')}\n// build ${Date.now()}\n`);
  await page.reload();
  const reload = page.getByRole('button', { name: 'Reload to update' });
  await expect(reload).toBeVisible();
  await expect(page.getByText('A new version of Remote Help is ready.')).toBeVisible();

  await reload.click();
  await page.waitForEvent('load');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reload to update' })).toHaveCount(0);
  const waiting = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null);
  expect(waiting).toBeNull();
});

test('a server that needs a newer app shows only Update required', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: SERVERS.newerRequired.origin });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Update required' })).toBeVisible();
  await expect(page.getByText('Your organisation needs version 99.0.0 or later.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Reload to update' })).toBeVisible();
});
