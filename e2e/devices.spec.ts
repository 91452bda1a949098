/**
 * Devices, compliance and remote launch (spec 3.2, 4.2, 5.1, 5.2), by real people in real browsers: the administrator
 * makes an enrollment link, the sharer enrolls, the helper launches from the device's page, the sharer accepts.
 */
import type { Browser, Page } from '@playwright/test';
import { deviceListSchema } from '@remote-help/protocol/devices';
import { DEFAULT_TENANT_SETTINGS } from '@remote-help/protocol/settings';
import { ROSTER } from '../tests/fixtures/roster.ts';
import { adminApi, setSettings } from './admin-api.ts';
import { expectAccessible } from './axe.ts';
import { expect, test } from './fixtures.ts';
import { enterCode, getSecurityCode, type Person, signIn, startViewing } from './people.ts';
import { SERVERS } from './servers.ts';

const origin = SERVERS.main.origin;

/** Whether the server counts the device as connected, as the Devices list reports it. */
async function deviceOnline(name: string): Promise<boolean> {
  const res = await adminApi('GET', `/api/devices?search=${encodeURIComponent(name)}`);
  const { devices } = deviceListSchema.parse(await res.json());
  return devices[0]?.online ?? false;
}

/** The administrator's Devices page → New enrollment token → the link, as they would send it. */
async function enrollmentLink(admin: Page): Promise<string> {
  await admin.getByRole('button', { name: 'Devices' }).click();
  // Single use unless the administrator asks for more.
  await expect(admin.getByRole('checkbox', { name: 'Several devices may enroll with this token' })).not.toBeChecked();
  await admin.getByRole('button', { name: 'New enrollment token' }).click();
  await expect(admin.getByText('It enrolls one device.')).toBeVisible();
  const link = await admin.getByLabel('Enrollment link').inputValue();
  expect(link).toMatch(/\/enroll\?token=/);
  await expectAccessible(admin, 'Devices, with an enrollment link');
  return link;
}

/** The sharer opens the link, signs in and enrolls the device they are on under `name`. */
async function enrollWithLink(browser: Browser, link: string, email: string, name: string): Promise<Person> {
  const url = new URL(link);
  const sharer = await signIn(browser, origin, email, url.pathname + url.search);
  await expect(sharer.page.getByRole('heading', { name: 'Enroll this device' })).toBeVisible();
  await expect(sharer.page.getByLabel('Enrollment token')).toHaveValue(url.searchParams.get('token') ?? '');
  await expectAccessible(sharer.page, 'Enroll this device');
  await sharer.page.getByLabel('Device name').fill(name);
  await sharer.page.getByRole('button', { name: 'Enroll', exact: true }).click();
  await expect(
    sharer.page.getByRole('status').filter({ hasText: `This device is enrolled as ${name}.` }),
  ).toBeVisible();
  await sharer.page.getByRole('button', { name: 'Back' }).click();
  await expect(sharer.page.getByText(`This device is enrolled as ${name}.`)).toBeVisible();
  return sharer;
}

/** Devices → search → the device's page. */
async function openDevicePage(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Devices' }).click();
  await page.getByLabel('Search devices').fill(name);
  await page.getByRole('button', { name: 'Show' }).click();
  await page.getByRole('table', { name: 'Enrolled devices' }).getByRole('button', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

test.afterEach(async () => {
  await setSettings(DEFAULT_TENANT_SETTINGS);
});

test('enrolled, marked not compliant, launched from its page: the sharer accepts and both are in a session with no code', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const name = `Front desk ${Date.now()}`;
  const admin = await signIn(browser, origin, ROSTER.isaiah.email);
  const sharer = await enrollWithLink(browser, await enrollmentLink(admin.page), ROSTER.adele.email, name);

  // The administrator marks it not compliant on its page.
  await admin.page.getByRole('button', { name: 'Back' }).click();
  await openDevicePage(admin.page, name);
  await admin.page.getByLabel('Set compliance').selectOption({ label: 'Not compliant' });
  await admin.page.getByRole('button', { name: 'Save compliance' }).click();
  await expect(admin.page.getByRole('status').filter({ hasText: 'Compliance saved.' })).toBeVisible();
  await expectAccessible(admin.page, 'device page for an administrator');

  const helper = await signIn(browser, origin, ROSTER.alex.email);
  await helper.page.getByRole('button', { name: 'Devices' }).click();
  await helper.page.getByLabel('Search devices').fill(name);
  await helper.page.getByRole('button', { name: 'Show' }).click();
  const row = helper.page.getByRole('table', { name: 'Enrolled devices' }).getByRole('row').nth(1);
  await expect(row.getByRole('cell')).toHaveText([name, 'Adele Vance', /.+/, /.+/, 'Not compliant', 'Online']);
  await row.getByRole('button', { name }).click();
  await expect(helper.page.getByRole('note')).toHaveText(
    'This device is not compliant with your organisation’s policies. You may still help, with care.',
  );

  await helper.page.getByRole('button', { name: 'New remote assistance session' }).click();
  await helper.page.getByRole('button', { name: 'Continue' }).click();
  await expect(helper.page.getByRole('status').filter({ hasText: 'Notification sent' })).toBeVisible();
  await expect(helper.page.getByRole('button', { name: 'Retry' })).toBeVisible();
  await expectAccessible(helper.page, 'device page, notification sent');

  const prompt = sharer.page.getByRole('alertdialog', { name: 'Alex Rivera wants to help you' });
  await expect(prompt).toBeVisible();
  await expectAccessible(sharer.page, 'launch prompt');
  await prompt.getByRole('button', { name: 'Start Remote Help' }).click();
  await expect(prompt).toHaveCount(0);
  await expect(sharer.page.getByRole('heading', { level: 1, name: 'Connected with Alex Rivera' })).toBeVisible();
  await expect(helper.page.getByRole('heading', { level: 1, name: 'Connected with Adele Vance' })).toBeVisible();

  // Once the mode is set, the helper is warned, with the way to the device's page (spec 4.2).
  await startViewing(helper.page, sharer.page, 'Adele Vance');
  const warning = helper.page.getByRole('note').filter({ hasText: `Not compliant: ${name}` });
  await expect(warning).toBeVisible();
  await expectAccessible(helper.page, 'helper session with a compliance warning');
  await warning.getByRole('button', { name: 'Open the device page' }).click();
  await expect(helper.page.getByRole('heading', { level: 1, name })).toBeVisible();

  // The report names the device and the people; the device filter finds it.
  await admin.page.getByRole('button', { name: 'Back' }).click();
  await admin.page.getByRole('button', { name: 'Back' }).click();
  await admin.page.getByRole('button', { name: 'Reports' }).click();
  await admin.page.getByLabel(/^Device/).fill(name);
  await admin.page.getByRole('button', { name: 'Show' }).click();
  const cells = admin.page
    .getByRole('table', { name: 'Sessions, newest first' })
    .getByRole('row')
    .nth(1)
    .getByRole('cell');
  await expect(cells.nth(1)).toHaveText('Alex Rivera');
  await expect(cells.nth(2)).toHaveText('Adele Vance');
  await expect(cells.nth(3)).toHaveText(name);
  await expect(cells.nth(5)).toHaveText('View only');
});

test('a launch to an offline device says so, with Retry; once the app is back, Retry reaches it (in the background, as a notification) and a decline is told', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const name = `Kiosk ${Date.now()}`;
  const admin = await signIn(browser, origin, ROSTER.isaiah.email);
  const sharer = await enrollWithLink(browser, await enrollmentLink(admin.page), ROSTER.diego.email, name);
  // The app is closed on the device: its connection goes.
  await sharer.page.goto('about:blank');
  await expect.poll(() => deviceOnline(name)).toBe(false);

  const helper = await signIn(browser, origin, ROSTER.alex.email);
  await openDevicePage(helper.page, name);
  await helper.page.getByRole('button', { name: 'New remote assistance session' }).click();
  await helper.page.getByRole('button', { name: 'Continue' }).click();
  await expect(helper.page.getByRole('alert')).toHaveText(
    'This device is not connected to Remote Help. Ask its user to open the Remote Help app, then try again.',
  );

  await sharer.page.goto('/');
  await expect(sharer.page.getByText(`This device is enrolled as ${name}.`)).toBeVisible();
  // Notifications allowed, and the app in the background: the page reports itself hidden (the test's stand-in for a
  // minimised window), so the request also comes as a system notification through the service worker.
  await sharer.context.grantPermissions(['notifications']);
  await sharer.page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
  });
  // The app is back once the server has its connection again (what the Devices page would show as Online).
  await expect.poll(() => deviceOnline(name)).toBe(true);
  await helper.page.getByRole('button', { name: 'Retry' }).click();
  await expect(helper.page.getByRole('status').filter({ hasText: 'Notification sent' })).toBeVisible();
  await expect
    .poll(() =>
      sharer.page.evaluate(async () =>
        (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => [n.title, n.body]),
      ),
    )
    .toEqual([['Alex Rivera wants to help you', 'Open Remote Help to accept or decline.']]);
  const prompt = sharer.page.getByRole('alertdialog', { name: 'Alex Rivera wants to help you' });
  await prompt.getByRole('button', { name: 'Decline' }).click();
  await expect(helper.page.getByRole('status').filter({ hasText: 'Diego Santos declined the request.' })).toBeVisible();
});

test('an unenrolled browser is refused when the organisation says so; allowed, the helper is told it is unenrolled', async ({
  browser,
}) => {
  await setSettings({ ...DEFAULT_TENANT_SETTINGS, allowUnenrolledDevices: false });
  const helper = await signIn(browser, origin, ROSTER.megan.email);
  const sharer = await signIn(browser, origin, ROSTER.diego.email);
  const code = await getSecurityCode(helper.page);
  await enterCode(sharer.page, code);
  await expect(sharer.page.getByRole('alert')).toHaveText(
    'Your organisation allows help only on enrolled devices. Open the Remote Help app on your work device.',
  );

  // A refusal by rule does not spend the code: allowed again, the same code pairs.
  await setSettings(DEFAULT_TENANT_SETTINGS);
  await enterCode(sharer.page, code);
  await startViewing(helper.page, sharer.page, 'Diego Santos');
  await expect(helper.page.getByRole('note')).toHaveText('Unenrolled device');
});
