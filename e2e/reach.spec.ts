import { readFile } from 'node:fs/promises';
import { ROSTER } from '../tests/fixtures/roster.ts';
import { expect, test } from './fixtures.ts';
import { messagesFor } from './messages.ts';
import { pairUp, startViewing } from './people.ts';
import { SERVERS } from './servers.ts';

const colorScheme = (page: import('@playwright/test').Page) =>
  page.evaluate(() => getComputedStyle(document.documentElement).colorScheme);

test('an Arabic browser gets the Arabic app, right to left; language and theme chosen in the menu persist', async ({
  browser,
}) => {
  const ar = await messagesFor('ar');
  const de = await messagesFor('de');
  const context = await browser.newContext({ baseURL: SERVERS.main.origin, locale: 'ar-EG', colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByRole('button', { name: ar('signIn.button') })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  expect(await colorScheme(page)).toBe('light');

  await page.getByRole('button', { name: ar('menu.open') }).click();
  const menu = page.getByRole('dialog', { name: ar('menu.heading') });
  await menu.getByLabel(ar('menu.language')).selectOption('de');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  // The open menu is in German now.
  const menuDe = page.getByRole('dialog', { name: de('menu.heading') });
  await menuDe.getByRole('radio', { name: de('menu.themes.dark') }).check();
  expect(await colorScheme(page)).toBe('dark');
  await menuDe.getByRole('button', { name: de('menu.close') }).click();
  await expect(page.getByRole('button', { name: de('signIn.button') })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('button', { name: de('signIn.button') })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  expect(await colorScheme(page)).toBe('dark');
});

test('Alt+Space opens the session menu; diagnostics hold session events but no token or chat text', async ({
  browser,
}) => {
  const { helper, sharer } = await pairUp(browser, SERVERS.main.origin, ROSTER.alex.email, ROSTER.adele.email);
  await startViewing(helper.page, sharer.page, 'Adele Vance');
  await sharer.page.getByLabel('Message').fill('my secret words');
  await sharer.page.getByRole('button', { name: 'Send' }).click();
  // Session events are spoken: the chat message from the other person reaches the helper's live region.
  await expect(helper.page.getByRole('log', { name: 'Announcements' })).toContainText(
    'Message from Adele Vance: my secret words',
  );

  await helper.page.keyboard.press('Alt+Space');
  const menu = helper.page.getByRole('dialog', { name: 'Menu' });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('region', { name: 'This session' }).getByRole('button', { name: 'Leave' })).toBeVisible();

  const downloading = helper.page.waitForEvent('download');
  await menu.getByRole('button', { name: 'Download diagnostics' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^remote-help-diagnostics-.*\.json$/);
  const text = await readFile((await download.path()) ?? '', 'utf8');
  const file = JSON.parse(text) as { version: string; entries: { event: string; detail?: Record<string, unknown> }[] };
  const events = file.entries.map((e) => e.event);
  expect(events).toEqual(expect.arrayContaining(['app.start', 'auth.signed_in', 'session.opened', 'session.state']));
  expect(file.entries.some((e) => e.event === 'peer.status' && e.detail?.status === 'connected')).toBe(true);
  expect(file.entries.some((e) => e.event === 'session.state' && e.detail?.mode === 'view')).toBe(true);
  expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
  expect(text).not.toContain('my secret words');

  // The session's actions work from the menu.
  await menu.getByRole('region', { name: 'This session' }).getByRole('button', { name: 'Leave' }).click();
  await expect(sharer.page.getByText('Alex Rivera left the session.')).toBeVisible();
});
