import type { Page } from '@playwright/test';
import { expectAccessible } from './axe.ts';
import { expect, test } from './fixtures.ts';
import { pairUp, startViewing } from './people.ts';
import { SERVERS } from './servers.ts';

const { origin } = SERVERS.main;

/** How much of the window the sharer's screen takes, and whether the page can scroll. */
function measure(page: Page, label: string) {
  return page.getByLabel(label, { exact: true }).evaluate((video: HTMLVideoElement) => {
    const r = video.getBoundingClientRect();
    const visible =
      Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0)) *
      Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
    // The picture itself, letterboxed inside the element with its aspect kept.
    const scale = Math.min(r.width / video.videoWidth, r.height / video.videoHeight);
    const page = document.scrollingElement ?? document.documentElement;
    return {
      share: visible / (innerWidth * innerHeight),
      picture: (video.videoWidth * scale * video.videoHeight * scale) / (innerWidth * innerHeight),
      fit: getComputedStyle(video).objectFit,
      scrolls: page.scrollHeight > innerHeight || page.scrollWidth > innerWidth,
    };
  });
}

for (const { width, height, least } of [
  { width: 1280, height: 800, least: 0.7 },
  { width: 1024, height: 768, least: 0.6 },
]) {
  test(`at ${width}×${height} the sharer’s screen takes at least ${least * 100} % of the window, with no scrolling`, async ({
    browser,
  }) => {
    const { helper, sharer } = await pairUp(browser, origin, 'alex.helper@contoso.test', 'adele.sharer@contoso.test', {
      viewport: { width, height },
    });
    await startViewing(helper.page, sharer.page, 'Adele Vance');
    const m = await measure(helper.page, 'Screen of Adele Vance');
    expect(m.fit).toBe('contain');
    expect(m.scrolls).toBe(false);
    expect(m.share).toBeGreaterThanOrEqual(least);
    test.info().annotations.push({
      type: 'measured',
      description: `screen ${(m.share * 100).toFixed(1)} %, picture ${(m.picture * 100).toFixed(1)} % of ${width}×${height}`,
    });
  });
}

test('the helper’s card folds into the header once a mode is set; chat is a side panel that counts what arrives while closed', async ({
  browser,
}) => {
  const { helper, sharer } = await pairUp(browser, origin, 'alex.helper@contoso.test', 'diego.sharer@contoso.test', {
    viewport: { width: 1280, height: 800 },
  });
  const about = helper.page.getByRole('button', { name: 'About Diego Santos' });
  // Until a mode is set, the full card shows: the helper checks who they are helping.
  await expect(about).toHaveAttribute('aria-expanded', 'true');
  await expect(helper.page.getByText('Allowed in this session: View only and Full control')).toBeVisible();
  await startViewing(helper.page, sharer.page, 'Diego Santos');
  await expect(about).toHaveAttribute('aria-expanded', 'false');
  const card = helper.page.getByRole('region', { name: 'You are helping' });
  await expect(card).toHaveCount(0);
  await expect(helper.page.getByRole('heading', { level: 1, name: 'Connected with Diego Santos.' })).toBeVisible();
  await expect(helper.page.getByRole('main').getByText('Verified domain')).toBeVisible();
  await about.click();
  await expect(card).toContainText('HR Manager');
  await helper.page.keyboard.press('Escape');
  await expect(about).toHaveAttribute('aria-expanded', 'false');
  await expect(about).toBeFocused();

  // Chat starts closed on the helper's side; what arrives is counted and spoken.
  const chat = helper.page.getByRole('toolbar', { name: 'Session actions' }).getByRole('button', { name: /^Chat/ });
  await expect(chat).toHaveAttribute('aria-pressed', 'false');
  await expect(helper.page.getByRole('log', { name: 'Chat' })).toHaveCount(0);
  for (const text of ['Can you see it?', 'The red window']) {
    await sharer.page.getByLabel('Message').fill(text);
    await sharer.page.getByRole('button', { name: 'Send' }).click();
  }
  await expect(chat).toHaveText('Chat (unread: 2)');
  await expect(helper.page.getByRole('log', { name: 'Announcements' })).toContainText(
    'Message from Diego Santos: The red window',
  );
  await expectAccessible(helper.page, 'helper viewing, chat closed with unread messages');
  await chat.click();
  await expect(helper.page.getByRole('log', { name: 'Chat' }).getByTestId('chat-text')).toHaveText([
    'Can you see it?',
    'The red window',
  ]);
  await expect(chat).toHaveText('Chat');
  await expect(chat).toHaveAttribute('aria-pressed', 'true');
  // Beside the screen, not below it: the page still does not scroll.
  expect((await measure(helper.page, 'Screen of Diego Santos')).scrolls).toBe(false);

  // Actual size: 1:1 with scroll bars, which the keyboard can use too; the page itself still does not scroll.
  const toolbar = helper.page.getByRole('toolbar', { name: 'Session actions' });
  await toolbar.getByRole('button', { name: 'Actual size' }).click();
  await expect(toolbar.getByRole('status').filter({ hasText: /^Zoom: / })).toHaveText('Zoom: 100%');
  const shown = await helper.page
    .getByLabel('Screen of Diego Santos', { exact: true })
    .evaluate((v: HTMLVideoElement) => {
      const r = v.getBoundingClientRect();
      return { width: r.width, height: r.height, picture: [v.videoWidth, v.videoHeight] };
    });
  expect([shown.width, shown.height]).toEqual(shown.picture);
  expect((await measure(helper.page, 'Screen of Diego Santos')).scrolls).toBe(false);
  await expectAccessible(helper.page, 'helper viewing at actual size, with chat');
  await toolbar.getByRole('button', { name: 'Zoom out' }).click();
  await expect(toolbar.getByRole('status').filter({ hasText: /^Zoom: / })).toHaveText('Zoom: 75%');

  // The same actions are in the Alt+Space menu.
  await helper.page.keyboard.press('Alt+Space');
  const menu = helper.page.getByRole('dialog', { name: 'Menu' }).getByRole('region', { name: 'This session' });
  await expect(menu.getByRole('button')).toHaveText([
    'Request full control',
    'Laser pointer',
    'Full screen',
    'Fit to window',
    'Actual size',
    'Zoom out',
    'Zoom in',
    'Chat',
    'Leave',
  ]);
});

test('full screen: the sharer’s screen fills it, the way out is shown, the menu still opens, and it ends', async ({
  browser,
}) => {
  const { helper, sharer } = await pairUp(browser, origin, 'alex.helper@contoso.test', 'adele.sharer@contoso.test', {
    viewport: { width: 1280, height: 800 },
  });
  await startViewing(helper.page, sharer.page, 'Adele Vance');
  const fullScreen = helper.page
    .getByRole('toolbar', { name: 'Session actions' })
    .getByRole('button', { name: 'Full screen' });
  await fullScreen.click();
  await expect.poll(() => helper.page.evaluate(() => document.fullscreenElement?.id)).toBe('main');
  await expect(fullScreen).toHaveAttribute('aria-pressed', 'true');
  // View only: no keyboard lock is asked for, so Escape leaves as usual.
  await expect(
    helper.page.getByRole('status').filter({ hasText: 'Full screen: press Esc to leave it.' }),
  ).toBeVisible();
  const m = await measure(helper.page, 'Screen of Adele Vance');
  expect(m.scrolls).toBe(false);
  expect(m.share).toBeGreaterThanOrEqual(0.8);
  test.info().annotations.push({ type: 'measured', description: `full screen: ${(m.share * 100).toFixed(1)} %` });

  // Alt+Space still opens the menu over the full-screen view.
  await helper.page.keyboard.press('Alt+Space');
  const menu = helper.page.getByRole('dialog', { name: 'Menu' });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('button', { name: 'Full screen' })).toBeVisible();
  await menu.getByRole('button', { name: 'Close' }).click();
  await expectAccessible(helper.page, 'helper in full screen');

  await fullScreen.click();
  await expect.poll(() => helper.page.evaluate(() => document.fullscreenElement)).toBeNull();
  await expect(fullScreen).toHaveAttribute('aria-pressed', 'false');
  await expect(helper.page.getByText('Full screen: press Esc to leave it.')).toHaveCount(0);
});
