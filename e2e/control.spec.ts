import type { Locator, Page } from '@playwright/test';
import { ROSTER } from '../tests/fixtures/roster.ts';
import { type Desktop, signedOut, startDesktop } from './desktop.ts';
import { expect, test } from './fixtures.ts';
import { enterCode, getSecurityCode, type Person, signIn } from './people.ts';
import { clickOnRemoteScreen, takeControl } from './remote-screen.ts';
import { SERVERS } from './servers.ts';

const ORIGIN = SERVERS.control.origin;
const AGENT_PORT = Number(SERVERS.control.env.AGENT_PORT);

/** A page on the sharer's screen that notes every click and key it gets, and a text field. */
const TARGET_PAGE = `<!doctype html><title>Target</title>
<body style="margin:0;height:100vh;background:#fff;font:28px sans-serif">
<button id="first" style="position:absolute;left:200px;top:150px;width:240px;height:100px;font:inherit">First</button>
<button id="second" style="position:absolute;left:760px;top:150px;width:240px;height:100px;font:inherit">Second</button>
<input aria-label="Field" style="position:absolute;left:200px;top:420px;width:800px;height:70px;font:inherit">
</body>`;

interface Click {
  id: string;
  x: number;
  y: number;
}

async function openTarget(sharer: Person): Promise<Page> {
  const target = await sharer.context.newPage();
  await target.setContent(TARGET_PAGE);
  await target.evaluate(() => {
    const w = window as unknown as { clicks: { id: string; x: number; y: number }[]; keys: string[] };
    w.clicks = [];
    w.keys = [];
    for (const button of document.querySelectorAll('button')) {
      button.addEventListener('click', (e) => w.clicks.push({ id: button.id, x: e.screenX, y: e.screenY }));
    }
    document.addEventListener('keydown', (e) => w.keys.push(e.key));
  });
  return target;
}

const clicks = (target: Page) => target.evaluate(() => (window as unknown as { clicks: Click[] }).clicks);
const keys = (target: Page) => target.evaluate(() => (window as unknown as { keys: string[] }).keys);

/** The helper clicks, on their view of the sharer's screen, where `element` is on that screen. */
async function clickOnRemote(helper: Page, sharerName: string, element: Locator): Promise<{ x: number; y: number }> {
  const box = await element.boundingBox();
  if (!box) throw new Error('target element is not visible');
  // Where the page's viewport is on the screen: below the browser's own bar, at the window's position.
  const origin = await element.page().evaluate(() => ({
    x: window.screenX + (window.outerWidth - window.innerWidth) / 2,
    y: window.screenY + window.outerHeight - window.innerHeight,
  }));
  const at = { x: origin.x + box.x + box.width / 2, y: origin.y + box.y + box.height / 2 };
  await clickOnRemoteScreen(helper, sharerName, at);
  return at;
}

let desktop: Desktop;
test.beforeEach(async () => {
  desktop = await startDesktop(93, ORIGIN, AGENT_PORT);
});
test.afterEach(async () => {
  await desktop.close();
});

async function pairWithDesktop(browser: import('@playwright/test').Browser, helperEmail: string, sharerEmail: string) {
  const helper = await signIn(browser, ORIGIN, helperEmail);
  const sharer = await signIn(desktop.browser, ORIGIN, sharerEmail);
  await enterCode(sharer.page, await getSecurityCode(helper.page));
  await expect(sharer.page.getByText('Control agent: connected')).toBeVisible();
  return { helper, sharer };
}

test('full control: the helper clicks and types on the sharer’s real screen; view only changes nothing', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { helper, sharer } = await pairWithDesktop(browser, ROSTER.alex.email, ROSTER.diego.email);
  const target = await openTarget(sharer);
  await takeControl(helper.page, sharer.page, 'Diego Santos');

  // A click lands on the button, at the right place.
  const at = await clickOnRemote(helper.page, 'Diego Santos', target.getByRole('button', { name: 'First' }));
  await expect.poll(() => clicks(target)).toHaveLength(1);
  const [click] = await clicks(target);
  expect(click?.id).toBe('first');
  expect(Math.abs((click?.x ?? 0) - at.x)).toBeLessThanOrEqual(8);
  expect(Math.abs((click?.y ?? 0) - at.y)).toBeLessThanOrEqual(8);

  // Text in three scripts arrives exactly.
  await clickOnRemote(helper.page, 'Diego Santos', target.getByLabel('Field'));
  await expect(target.getByLabel('Field')).toBeFocused();
  await helper.page.keyboard.type('héllo 中文 مرحبا');
  await expect(target.getByLabel('Field')).toHaveValue('héllo 中文 مرحبا');

  // After Switch to view only, the helper's clicks change nothing…
  await helper.page.getByRole('button', { name: 'Switch to view only' }).click();
  await expect(helper.page.getByText('Mode: View only')).toBeVisible();
  await clickOnRemote(helper.page, 'Diego Santos', target.getByRole('button', { name: 'First' }));
  await helper.page.keyboard.type('more');
  // …which shows once control is back: the next click arrives, and nothing from view only came before it.
  await takeControl(helper.page, sharer.page, 'Diego Santos');
  await clickOnRemote(helper.page, 'Diego Santos', target.getByRole('button', { name: 'Second' }));
  await expect.poll(() => clicks(target)).toHaveLength(2);
  expect((await clicks(target)).map((c) => c.id)).toEqual(['first', 'second']);
  await expect(target.getByLabel('Field')).toHaveValue('héllo 中文 مرحبا');
});

test('after elevated actions the sharer’s Leave warns and signs out; the helper leaving signs nobody out', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { helper, sharer } = await pairWithDesktop(browser, ROSTER.megan.email, ROSTER.adele.email);
  const target = await openTarget(sharer);
  await takeControl(helper.page, sharer.page, 'Adele Vance');
  await helper.page.getByRole('button', { name: 'Request elevation' }).click();
  await sharer.page.getByRole('button', { name: 'Allow elevation' }).click();
  await expect(helper.page.getByText('Elevation allowed: you may use administrator prompts.')).toBeVisible();
  await clickOnRemote(helper.page, 'Adele Vance', target.getByRole('button', { name: 'First' }));
  await expect.poll(() => clicks(target)).toHaveLength(1);

  await sharer.page.getByRole('button', { name: 'Leave' }).click();
  const warning = sharer.page.getByRole('alertdialog', { name: 'Leaving will sign you out of this device' });
  await expect(warning).toBeVisible();
  await warning.getByRole('button', { name: 'Stay' }).click();
  await expect(warning).toHaveCount(0);
  expect(signedOut(desktop)).toBe(false);

  await sharer.page.getByRole('button', { name: 'Leave' }).click();
  await warning.getByRole('button', { name: 'Leave and sign out' }).click();
  await expect.poll(() => signedOut(desktop)).toBe(true);
  await expect(helper.page.getByText('Adele Vance left the session.')).toBeVisible();
  await expect(sharer.page.getByText('You left the session.')).toBeVisible();
});

test('when the helper leaves after elevated actions, the sharer is not signed out', async ({ browser }) => {
  test.setTimeout(120_000);
  const { helper, sharer } = await pairWithDesktop(browser, ROSTER.megan.email, ROSTER.diego.email);
  const target = await openTarget(sharer);
  await takeControl(helper.page, sharer.page, 'Diego Santos');
  await helper.page.getByRole('button', { name: 'Request elevation' }).click();
  await sharer.page.getByRole('button', { name: 'Allow elevation' }).click();
  await expect(helper.page.getByText('Elevation allowed: you may use administrator prompts.')).toBeVisible();
  await clickOnRemote(helper.page, 'Diego Santos', target.getByRole('button', { name: 'First' }));
  await expect.poll(() => clicks(target)).toHaveLength(1);

  await helper.page.getByRole('button', { name: 'Leave' }).first().click();
  await expect(sharer.page.getByText('Megan Brooks left the session.')).toBeVisible();
  await expect(sharer.page.getByRole('alertdialog')).toHaveCount(0);
  expect(signedOut(desktop)).toBe(false);
});

test('full screen in full control locks the keyboard: Escape reaches the sharer, and holding it is the way out', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { helper, sharer } = await pairWithDesktop(browser, 'alex.helper@contoso.test', 'diego.sharer@contoso.test');
  const target = await openTarget(sharer);
  await takeControl(helper.page, sharer.page, 'Diego Santos');
  await clickOnRemote(helper.page, 'Diego Santos', target.getByLabel('Field'));
  await expect(target.getByLabel('Field')).toBeFocused();

  await helper.page
    .getByRole('toolbar', { name: 'Session actions' })
    .getByRole('button', { name: 'Full screen' })
    .click();
  await expect.poll(() => helper.page.evaluate(() => document.fullscreenElement?.id)).toBe('main');
  await expect(
    helper.page.getByRole('status').filter({
      hasText: 'Full screen: hold Esc to leave it. Every key, even the Windows key and Alt+Tab, goes to Diego Santos.',
    }),
  ).toBeVisible();
  await helper.page.getByLabel('Control the screen of Diego Santos').focus();
  await helper.page.keyboard.press('Escape');
  await expect.poll(() => keys(target)).toContain('Escape');
  expect(await helper.page.evaluate(() => document.fullscreenElement?.id)).toBe('main');

  // Back to view only: the keys are the helper's own again, and Escape leaves full screen as usual.
  await helper.page.getByRole('button', { name: 'Switch to view only' }).click();
  await expect(
    helper.page.getByRole('status').filter({ hasText: 'Full screen: press Esc to leave it.' }),
  ).toBeVisible();
});

test('fitted, at actual size and zoomed to 150 %, a click lands where the helper aims (within 8 px)', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { helper, sharer } = await pairWithDesktop(browser, 'alex.helper@contoso.test', 'adele.sharer@contoso.test');
  const target = await openTarget(sharer);
  await takeControl(helper.page, sharer.page, 'Adele Vance');
  const toolbar = helper.page.getByRole('toolbar', { name: 'Session actions' });
  const zoom = toolbar.getByRole('status').filter({ hasText: /^Zoom: / });
  await expect(toolbar.getByRole('button', { name: 'Fit to window' })).toHaveAttribute('aria-pressed', 'true');

  const views = [
    { name: 'fitted', choose: async () => {}, level: /^Zoom: \d+%$/ },
    {
      name: 'actual size',
      choose: () => toolbar.getByRole('button', { name: 'Actual size' }).click(),
      level: 'Zoom: 100%',
    },
    {
      name: '150 %',
      choose: async () => {
        await toolbar.getByRole('button', { name: 'Zoom in' }).click();
        await toolbar.getByRole('button', { name: 'Zoom in' }).click();
      },
      level: 'Zoom: 150%',
    },
  ];
  const measured: string[] = [];
  for (const [i, view] of views.entries()) {
    await view.choose();
    await expect(zoom).toHaveText(view.level);
    // Alternate the two buttons, far apart on the sharer's screen, so each view is checked in two places.
    for (const id of ['first', 'second'] as const) {
      const before = (await clicks(target)).length;
      const at = await clickOnRemote(helper.page, 'Adele Vance', target.locator(`#${id}`));
      await expect.poll(async () => (await clicks(target)).length).toBe(before + 1);
      const click = (await clicks(target))[before];
      expect(click?.id, `${view.name}, ${id}`).toBe(id);
      const dx = Math.abs((click?.x ?? 0) - at.x);
      const dy = Math.abs((click?.y ?? 0) - at.y);
      measured.push(`${view.name} ${id}: ${dx.toFixed(1)}, ${dy.toFixed(1)} px`);
      expect(dx, `${view.name}, ${id}`).toBeLessThanOrEqual(8);
      expect(dy, `${view.name}, ${id}`).toBeLessThanOrEqual(8);
    }
    expect(await clicks(target)).toHaveLength(2 * (i + 1));
  }
  test.info().annotations.push({ type: 'measured', description: measured.join('; ') });

  // Back to the fitted view: the whole screen shows again, with nothing to scroll.
  await toolbar.getByRole('button', { name: 'Fit to window' }).click();
  await expect(toolbar.getByRole('button', { name: 'Fit to window' })).toHaveAttribute('aria-pressed', 'true');
});
