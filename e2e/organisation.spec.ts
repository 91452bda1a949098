import { readFile } from 'node:fs/promises';
import { DEFAULT_TENANT_SETTINGS } from '@remote-help/protocol/settings';
import { ROSTER } from '../tests/fixtures/roster.ts';
import { setSettings } from './admin-api.ts';
import { expect, test } from './fixtures.ts';
import { enterCode, getSecurityCode, goHome, PASSWORD, pairUp, signIn, startViewing } from './people.ts';
import { SERVERS } from './servers.ts';

const origin = SERVERS.main.origin;

test.afterEach(async () => {
  await setSettings(DEFAULT_TENANT_SETTINGS);
});

test('chat turned off by the organisation is on neither side', async ({ browser }) => {
  await setSettings({ ...DEFAULT_TENANT_SETTINGS, chatDisabled: true });
  const helper = await signIn(browser, origin, ROSTER.alex.email);
  const sharer = await signIn(browser, origin, ROSTER.diego.email);
  await enterCode(sharer.page, await getSecurityCode(helper.page));
  for (const page of [helper.page, sharer.page]) {
    await expect(page.getByRole('heading', { level: 1, name: /^Connected with / })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Chat' })).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Chat' })).toHaveCount(0);
  }
});

test('a multifactor rule for helpers refuses a password-only sign-in, naming the rule; with MFA it works', async ({
  browser,
}) => {
  await setSettings({ ...DEFAULT_TENANT_SETTINGS, helpers: { requireMfa: true, allowedRanges: [] } });
  const helper = await signIn(browser, origin, ROSTER.alex.email);
  // A session from an earlier test may still be closing; start from home.
  await goHome(helper.page);
  await helper.page.getByRole('button', { name: 'Give help' }).click();
  await helper.page.getByRole('button', { name: 'Get a security code' }).click();
  await expect(helper.page.getByRole('alert')).toHaveText(
    'Your organisation requires multifactor sign-in for this. Sign out, then sign in again with multifactor authentication.',
  );

  // Signed in again, this time confirming a second factor at the provider.
  const context = await browser.newContext({ baseURL: origin });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Email').fill(ROSTER.alex.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel('Also confirm with a second factor (multifactor sign-in)').check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(getSecurityCode(page)).resolves.toMatch(/^[0-9a-z]{4} [0-9a-z]{4}$/);
});

test('Reports show who helped whom, in which modes and how it ended; the CSV export has the same rows', async ({
  browser,
}) => {
  const { helper, sharer } = await pairUp(browser, origin, ROSTER.alex.email, ROSTER.adele.email);
  await startViewing(helper.page, sharer.page, 'Adele Vance');
  await helper.page.getByRole('button', { name: 'Leave' }).first().click();
  await expect(sharer.page.getByRole('main').getByText('Alex Rivera left the session.')).toBeVisible();

  const admin = await signIn(browser, origin, ROSTER.isaiah.email);
  await admin.page.getByRole('button', { name: 'Reports' }).click();
  await admin.page.getByLabel('Person').fill('adele');
  await admin.page.getByRole('button', { name: 'Show' }).click();
  const table = admin.page.getByRole('table', { name: 'Sessions, newest first' });
  const newest = table.getByRole('row').nth(1).getByRole('cell');
  await expect(newest.nth(1)).toHaveText('Alex Rivera');
  await expect(newest.nth(2)).toHaveText('Adele Vance');
  await expect(newest.nth(3)).toHaveText('Not enrolled');
  await expect(newest.nth(5)).toHaveText('View only');
  await expect(newest.nth(6)).toHaveText('Alex Rivera left the session.');
  const shown = (await table.getByRole('row').count()) - 1;
  await expect(admin.page.getByRole('status').filter({ hasText: 'Sessions shown:' })).toHaveText(
    `Sessions shown: ${shown}`,
  );
  const sharers = await table
    .locator('tbody')
    .getByRole('row')
    .evaluateAll((rows) => rows.map((r) => r.querySelectorAll('td')[2]?.textContent ?? ''));
  expect(new Set(sharers)).toEqual(new Set(['Adele Vance']));

  const downloading = admin.page.waitForEvent('download');
  await admin.page.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloading;
  const lines = (await readFile((await download.path()) ?? '', 'utf8')).trimEnd().split('\r\n');
  expect(lines).toHaveLength(shown + 1);
  const first = lines[1]?.split(',') ?? [];
  expect([first[1], first[3], first[9], first[10]]).toEqual(['Alex Rivera', 'Adele Vance', 'view', 'helper_left']);
  expect(lines.slice(1).map((l) => l.split(',')[3])).toEqual(sharers);
});

test('a session past the organisation’s maximum length ends on both sides, saying why', async ({ browser }) => {
  test.setTimeout(150_000);
  await setSettings({ ...DEFAULT_TENANT_SETTINGS, maxSessionMinutes: 1 });
  const { helper, sharer } = await pairUp(browser, origin, ROSTER.megan.email, ROSTER.adele.email);
  await startViewing(helper.page, sharer.page, 'Adele Vance');
  // The shortest maximum the setting allows is a minute: the session runs that long, then both are told.
  for (const page of [helper.page, sharer.page]) {
    await expect(page.getByRole('main').getByText('The session reached its maximum length.')).toBeVisible({
      timeout: 90_000,
    });
  }
});
