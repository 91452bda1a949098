import type { Browser, Page } from '@playwright/test';
import { ROSTER } from '../tests/fixtures/roster.ts';
import { expectAccessible } from './axe.ts';
import { expect, test } from './fixtures.ts';
import { type Messages, messagesFor } from './messages.ts';
import { PASSWORD } from './people.ts';
import { SERVERS } from './servers.ts';

/** Signs in through the app (in its language) and the development provider's page. */
async function signInAs(browser: Browser, m: Messages, email: string, options: { locale: string; dark: boolean }) {
  const context = await browser.newContext({
    baseURL: SERVERS.main.origin,
    locale: options.locale,
    colorScheme: options.dark ? 'dark' : 'light',
  });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('button', { name: m('signIn.button') }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: m('header.signOut') })).toBeVisible();
  return page;
}

for (const { language, dark } of [
  { language: 'en', dark: false },
  { language: 'en', dark: true },
  { language: 'ar', dark: false },
  { language: 'ar', dark: true },
]) {
  test(`every screen of pairing and a session passes axe: ${language}, ${dark ? 'dark' : 'light'}`, async ({
    browser,
  }) => {
    // Fourteen full-page axe scans and three browser contexts on two cores: more than the default minute.
    test.setTimeout(150_000);
    const m = await messagesFor(language);
    const options = { locale: language, dark };

    const signInContext = await browser.newContext({
      baseURL: SERVERS.main.origin,
      locale: language,
      colorScheme: dark ? 'dark' : 'light',
    });
    const first = await signInContext.newPage();
    await first.goto('/');
    await expect(first.getByRole('button', { name: m('signIn.button') })).toBeVisible();
    await expectAccessible(first, 'sign-in');
    await first.getByRole('button', { name: m('menu.open') }).click();
    await expect(first.getByRole('dialog', { name: m('menu.heading') })).toBeVisible();
    await expectAccessible(first, 'menu');

    const helper = await signInAs(browser, m, ROSTER.alex.email, options);
    const sharer = await signInAs(browser, m, ROSTER.adele.email, options);
    await expectAccessible(helper, 'home');

    await helper.getByRole('button', { name: m('home.giveHelp') }).click();
    await helper.getByRole('button', { name: m('give.getCode') }).click();
    const code = helper.getByRole('status', { name: m('give.codeLabel') });
    await expect(code).toHaveText(/^[0-9a-z]{4} [0-9a-z]{4}$/);
    await expectAccessible(helper, 'give help with a code');

    await sharer.getByRole('button', { name: m('home.getHelp') }).click();
    await sharer.getByLabel(m('get.codeLabel')).fill('0000');
    await sharer.getByRole('button', { name: m('get.submit') }).click();
    await expect(sharer.getByRole('alert')).toBeVisible();
    await expectAccessible(sharer, 'get help with an error');
    await sharer.getByLabel(m('get.codeLabel')).fill((await code.textContent()) ?? '');
    await sharer.getByRole('button', { name: m('get.submit') }).click();

    await expect(helper.getByRole('button', { name: m('session.requestView') })).toBeVisible();
    await expectAccessible(helper, 'helper session, not sharing');
    await expectAccessible(sharer, 'sharer session, not sharing');

    await helper.getByRole('button', { name: m('session.requestView') }).click();
    await expect(sharer.getByRole('button', { name: m('session.allowView') })).toBeVisible();
    await expectAccessible(helper, 'helper waiting for an answer');
    await expectAccessible(sharer, 'sharer asked to share');

    await sharer.getByRole('button', { name: m('session.allowView') }).click();
    await expect(helper.getByLabel(m('session.screenLabel', { name: 'Adele Vance' }))).toBeVisible();
    await sharer.getByLabel(m('chat.messageLabel')).fill('مرحبا 你好 hello');
    await sharer.getByRole('button', { name: m('chat.send') }).click();
    // The helper's chat is closed at first: the message is counted on its button.
    const chat = helper
      .getByRole('toolbar', { name: m('session.toolbar') })
      .getByRole('button', { name: m('session.chat') });
    await expect(chat).toHaveText(m('session.chatUnread', { count: new Intl.NumberFormat(language).format(1) }));
    await expect(
      helper.getByRole('button', { name: m('session.aboutPerson', { name: 'Adele Vance' }) }),
    ).toHaveAttribute('aria-expanded', 'false');
    await expectAccessible(helper, 'helper viewing, chat closed with a message unread');
    await helper.getByRole('button', { name: m('session.aboutPerson', { name: 'Adele Vance' }) }).click();
    await expectAccessible(helper, 'helper viewing, the card open');
    await chat.click();
    await expect(helper.getByRole('log', { name: m('chat.heading') }).getByText('مرحبا 你好 hello')).toBeVisible();
    await expectAccessible(helper, 'helper viewing, with chat');
    await expectAccessible(sharer, 'sharer sharing, with chat');

    await helper
      .getByRole('button', { name: m('session.leave') })
      .first()
      .click();
    await expect(sharer.getByText(m('session.endedReason.helper_left', { name: 'Alex Rivera' }))).toBeVisible();
    await expectAccessible(helper, 'helper, session ended');
    await expectAccessible(sharer, 'sharer, session ended');
  });
}

/** Presses Tab until `target` has focus; fails if it is not reached within `limit` presses. */
async function tabTo(page: Page, target: import('@playwright/test').Locator, limit = 30): Promise<void> {
  for (let i = 0; i < limit; i += 1) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

async function signInByKeyboard(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: SERVERS.main.origin });
  const page = await context.newPage();
  await page.goto('/');
  await tabTo(page, page.getByRole('button', { name: 'Sign in' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByLabel('Email'));
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password')).toBeFocused();
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  return page;
}

test('pairing and a view-only session with the keyboard alone', async ({ browser }) => {
  const helper = await signInByKeyboard(browser, ROSTER.alex.email);
  const sharer = await signInByKeyboard(browser, ROSTER.diego.email);

  // Each new screen puts focus on its heading, so the next Tab goes into that screen.
  await expect(helper.getByRole('heading', { level: 1 })).toBeFocused();
  await tabTo(helper, helper.getByRole('button', { name: 'Give help' }));
  await helper.keyboard.press('Enter');
  await tabTo(helper, helper.getByRole('button', { name: 'Get a security code' }));
  await helper.keyboard.press('Enter');
  const code = helper.getByRole('status', { name: 'Security code' });
  await expect(code).toHaveText(/^[0-9a-z]{4} [0-9a-z]{4}$/);

  await tabTo(sharer, sharer.getByRole('button', { name: 'Get help' }));
  await sharer.keyboard.press('Enter');
  await expect(sharer.getByLabel('Security code')).toBeFocused();
  await sharer.keyboard.type((await code.textContent()) ?? '');
  await sharer.keyboard.press('Enter');

  await expect(helper.getByRole('heading', { name: 'Connected with Diego Santos' })).toBeFocused();
  await tabTo(helper, helper.getByRole('button', { name: 'Request screen sharing' }));
  await helper.keyboard.press('Enter');
  // The request is announced at once on the sharer's side.
  await expect(sharer.getByRole('log', { name: 'Announcements' })).toContainText(
    'Alex Rivera asks to see your screen.',
  );
  await tabTo(sharer, sharer.getByRole('button', { name: 'Allow screen sharing' }));
  await sharer.keyboard.press('Enter');
  await expect(helper.getByText('Mode: View only')).toBeVisible();
  await expect
    .poll(() =>
      helper
        .getByLabel('Screen of Diego Santos')
        .evaluate((v) => (v as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames),
    )
    .toBeGreaterThan(0);

  // Alt+Space → the session menu → Leave, all from the keyboard.
  await helper.keyboard.press('Alt+Space');
  const menu = helper.getByRole('dialog', { name: 'Menu' });
  await expect(menu).toBeVisible();
  await tabTo(helper, menu.getByRole('button', { name: 'Leave' }));
  await helper.keyboard.press('Enter');
  await expect(sharer.getByText('Alex Rivera left the session.')).toBeVisible();
  await expect(helper.getByText('You left the session.')).toBeVisible();
});
