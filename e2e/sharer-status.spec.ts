/**
 * The sharer's status outside the page (issue 14): the floating status window (Document Picture-in-Picture, which
 * Debian's headless Chromium has without a flag), the title and favicon while sharing, and, where there is no floating
 * window, system notifications of mode changes.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { ROSTER } from '../tests/fixtures/roster.ts';
import { expectAccessible } from './axe.ts';
import { startDesktop } from './desktop.ts';
import { expect, test } from './fixtures.ts';
import { messagesFor } from './messages.ts';
import { captureStates, enterCode, getSecurityCode, PASSWORD, pairUp, say, signIn } from './people.ts';
import { SERVERS } from './servers.ts';

const { origin } = SERVERS.main;
const HELPER = ROSTER.alex.name;

const favicon = (page: Page) => page.locator('link[rel="icon"]');

/** The floating window that `open` makes the page open: Playwright sees it as one more page of the context. */
async function floatingWindow(context: BrowserContext, open: () => Promise<void>): Promise<Page> {
  const opened = context.waitForEvent('page');
  await open();
  const pip = await opened;
  await expect(pip.getByRole('heading', { name: `${HELPER} is helping you` })).toBeVisible();
  return pip;
}

/** The titles of the notifications the page's service worker shows now. */
function notificationTitles(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return (await registration.getNotifications()).map((n) => n.title);
  });
}

test('the floating window opens with Allow, shows the mode and new messages, and its Stop sharing stops capture', async ({
  browser,
}) => {
  const { helper, sharer } = await pairUp(browser, origin, ROSTER.alex.email, ROSTER.adele.email);
  await expect(sharer.page).toHaveTitle('Remote Help');
  await expect(favicon(sharer.page)).toHaveAttribute('href', '/favicon.svg');

  await helper.page.getByRole('button', { name: 'Request screen sharing' }).click();
  // The Allow click still counts when the picker closes: the window opens without another click.
  const pip = await floatingWindow(sharer.context, () =>
    sharer.page.getByRole('button', { name: 'Allow screen sharing' }).click(),
  );
  await expect(pip.getByRole('status')).toHaveText('Mode: View only');
  await expect(pip.getByRole('button', { name: 'Stop sharing' })).toBeVisible();
  await expect(pip.getByRole('button', { name: 'Leave' })).toBeVisible();
  await expect(pip.getByRole('button', { name: 'Switch to view only' })).toHaveCount(0);
  await expect(sharer.page).toHaveTitle('Being viewed · Remote Help');
  await expect(favicon(sharer.page)).toHaveAttribute('href', '/favicon-sharing.svg');
  // While it is open the toolbar does not offer it again.
  await expect(sharer.page.getByRole('button', { name: 'Show floating status' })).toHaveCount(0);

  await say(helper.page, 'Is the red window open?');
  await expect(pip.getByRole('log', { name: 'New messages' })).toContainText(`${HELPER}: Is the red window open?`);
  // A short answer without going back to the page.
  await pip.getByRole('textbox', { name: 'Message' }).fill('Yes, it is open.');
  await pip.getByRole('button', { name: 'Send' }).click();
  await expect(pip.getByRole('textbox', { name: 'Message' })).toHaveValue('');
  await expect(helper.page.getByRole('log', { name: 'Chat' })).toContainText('Yes, it is open.');
  // A request the helper makes shows in the window too; it is answered in the page, where the picker opens.
  await helper.page.getByRole('button', { name: 'Request full control' }).click();
  await expect(pip.getByText(`${HELPER} asks to take full control of your screen.`)).toBeVisible();
  await expectAccessible(pip, 'the floating status window');
  await sharer.page.getByRole('main').getByRole('button', { name: 'Decline' }).click();
  await expect(pip.getByText(`${HELPER} asks to take full control of your screen.`)).toHaveCount(0);
  await expectAccessible(sharer.page, 'the sharer’s session screen while sharing');

  // Closed, it comes back from the session's toolbar.
  await pip.close();
  const again = await floatingWindow(sharer.context, () =>
    sharer.page.getByRole('button', { name: 'Show floating status' }).click(),
  );
  await expect(again.getByRole('log', { name: 'New messages' })).toContainText('Is the red window open?');
  expect(await captureStates(sharer.page)).toEqual(['live']);

  await again.getByRole('button', { name: 'Stop sharing' }).click();
  await expect.poll(() => captureStates(sharer.page)).toEqual(['ended']);
  await expect(helper.page.getByRole('main').getByText('Adele Vance stopped sharing.')).toBeVisible();
  await expect(again.getByRole('status')).toHaveText('Mode: Not sharing');
  await expect(again.getByRole('button', { name: 'Stop sharing' })).toHaveCount(0);
  await expect(sharer.page).toHaveTitle('Remote Help');
  await expect(favicon(sharer.page)).toHaveAttribute('href', '/favicon.svg');

  // Leave from the window ends the session as the page's does, and the window goes with it.
  const closed = again.waitForEvent('close');
  await again.getByRole('button', { name: 'Leave' }).click();
  await closed;
  await expect(sharer.page.getByRole('main').getByText('You left the session.')).toBeVisible();
  await expect(helper.page.getByRole('main').getByText('Adele Vance left the session.')).toBeVisible();
});

test('the floating window reads as the page does — Arabic, right to left, dark — and passes axe', async ({
  browser,
}) => {
  const m = await messagesFor('ar');
  const helper = await signIn(browser, origin, ROSTER.alex.email);
  const context = await browser.newContext({ baseURL: origin, locale: 'ar', colorScheme: 'dark' });
  const sharer = await context.newPage();
  await sharer.goto('/');
  await sharer.getByRole('button', { name: m('signIn.button') }).click();
  await sharer.getByLabel('Email').fill(ROSTER.adele.email);
  await sharer.getByLabel('Password').fill(PASSWORD);
  await sharer.getByRole('button', { name: 'Sign in' }).click();
  await sharer.getByRole('button', { name: m('home.getHelp') }).click();
  await sharer.getByLabel(m('get.codeLabel')).fill(await getSecurityCode(helper.page));
  await sharer.getByRole('button', { name: m('get.submit') }).click();

  await helper.page.getByRole('button', { name: 'Request screen sharing' }).click();
  const opened = context.waitForEvent('page');
  await sharer.getByRole('button', { name: m('session.allowView') }).click();
  const pip = await opened;
  await expect(pip.getByRole('heading', { name: m('sharerStatus.helper', { name: HELPER }) })).toBeVisible();
  await expect(pip.getByRole('status')).toHaveText(m('session.modeLabel', { mode: m('mode.view') }));
  const root = await pip.evaluate(() => ({
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    dark: document.documentElement.classList.contains('dark'),
    title: document.title,
  }));
  expect(root).toEqual({ lang: 'ar', dir: 'rtl', dark: true, title: m('sharerStatus.floatingTitle') });
  await expect(sharer).toHaveTitle(m('sharerStatus.titleViewed', { title: 'Remote Help' }));
  await expectAccessible(pip, 'the floating status window in Arabic, dark');

  // A change of language in the page reaches the open window.
  await sharer.getByRole('button', { name: m('menu.open') }).click();
  await sharer.getByRole('combobox', { name: m('menu.language') }).selectOption('en');
  await expect(pip.getByRole('heading', { name: `${HELPER} is helping you` })).toBeVisible();
  await expect(pip.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(pip).toHaveTitle('Session status');
  await expect(sharer).toHaveTitle('Being viewed · Remote Help');
});

/**
 * Pairs a helper with a sharer whose browser has no Document Picture-in-Picture (as Firefox and Safari), the page
 * otherwise unchanged; `notifications` grants the permission beforehand.
 */
async function pairWithoutFloatingWindow(browser: Browser, sharerEmail: string, notifications: boolean) {
  const helper = await signIn(browser, origin, ROSTER.alex.email);
  const sharer = await signIn(browser, origin, sharerEmail);
  if (notifications) await sharer.context.grantPermissions(['notifications'], { origin });
  await sharer.page.addInitScript(() => {
    Object.defineProperty(window, 'documentPictureInPicture', { value: undefined, configurable: true });
  });
  await sharer.page.reload();
  expect(
    await sharer.page.evaluate(() => 'documentPictureInPicture' in window && window.documentPictureInPicture),
  ).toBe(undefined);
  await enterCode(sharer.page, await getSecurityCode(helper.page));
  await expect(sharer.page.getByRole('region', { name: 'Helping you' })).toBeVisible();
  return { helper, sharer };
}

test('without a floating window, a system notification tells the sharer of each change of mode', async ({
  browser,
}) => {
  const { helper, sharer } = await pairWithoutFloatingWindow(browser, ROSTER.diego.email, true);
  await expect(sharer.page.getByRole('button', { name: 'Show floating status' })).toHaveCount(0);
  await expect(sharer.page.getByRole('button', { name: 'Notify me of mode changes' })).toHaveCount(0);
  expect(await notificationTitles(sharer.page)).toEqual([]);

  await helper.page.getByRole('button', { name: 'Request screen sharing' }).click();
  await sharer.page.getByRole('button', { name: 'Allow screen sharing' }).click();
  await expect.poll(() => notificationTitles(sharer.page)).toEqual([`${HELPER} can now see your screen.`]);
  expect(sharer.context.pages()).toHaveLength(1);
  await expect(sharer.page).toHaveTitle('Being viewed · Remote Help');

  await sharer.page.getByRole('button', { name: 'Stop sharing' }).click();
  // One notification per session: the new one replaces the last.
  await expect.poll(() => notificationTitles(sharer.page)).toEqual([`${HELPER} can no longer see your screen.`]);
  await expect(sharer.page).toHaveTitle('Remote Help');
});

test('a sharer without the permission is offered notifications from the toolbar; refused, the offer goes', async ({
  browser,
}) => {
  const { sharer } = await pairWithoutFloatingWindow(browser, ROSTER.adele.email, false);
  const offer = sharer.page.getByRole('button', { name: 'Notify me of mode changes' });
  await expect(offer).toBeVisible();
  await expectAccessible(sharer.page, 'the sharer’s session screen without a floating window');
  // Headless Chromium answers the permission prompt with a refusal; the session goes on.
  await offer.click();
  await expect(offer).toHaveCount(0);
  await expect(sharer.page.getByRole('region', { name: 'Helping you' })).toBeVisible();
});

test.describe('in full control', () => {
  const control = SERVERS.control;
  test('Switch to view only in the floating window changes the mode on both sides', async ({ browser }) => {
    test.setTimeout(120_000);
    const desktop = await startDesktop(95, control.origin, Number(control.env.AGENT_PORT));
    try {
      const helper = await signIn(browser, control.origin, ROSTER.alex.email);
      const sharer = await signIn(desktop.browser, control.origin, ROSTER.diego.email);
      await enterCode(sharer.page, await getSecurityCode(helper.page));
      await expect(sharer.page.getByText('Control agent: connected')).toBeVisible();
      await helper.page.getByRole('button', { name: 'Request full control' }).click();
      const pip = await floatingWindow(sharer.context, () =>
        sharer.page.getByRole('button', { name: 'Allow full control' }).click(),
      );
      await expect(helper.page.getByText('Mode: Full control')).toBeVisible();
      await expect(pip.getByRole('status')).toHaveText('Mode: Full control');
      await expect(sharer.page).toHaveTitle('Being controlled · Remote Help');
      await expectAccessible(pip, 'the floating status window in full control');

      await pip.getByRole('button', { name: 'Switch to view only' }).click();
      await expect(pip.getByRole('status')).toHaveText('Mode: View only');
      await expect(pip.getByRole('button', { name: 'Switch to view only' })).toHaveCount(0);
      await expect(helper.page.getByText('Mode: View only')).toBeVisible();
      await expect(sharer.page.getByRole('main').getByText(`${HELPER} is helping you — View only`)).toBeVisible();
      await expect(sharer.page).toHaveTitle('Being viewed · Remote Help');
    } finally {
      await desktop.close();
    }
  });
});
