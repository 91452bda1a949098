/**
 * Every screen has a URL: it survives a reload, back and forward move between screens, and a link opened signed out
 * lands on its screen after sign-in.
 */
import type { Page } from '@playwright/test';
import { ROSTER } from '../tests/fixtures/roster.ts';
import { expect, test } from './fixtures.ts';
import { enterCode, getSecurityCode, signIn } from './people.ts';
import { SERVERS } from './servers.ts';

const origin = SERVERS.main.origin;

/** Reloads the page and checks it shows the same screen at the same URL. */
async function survivesReload(page: Page, path: RegExp, heading: string | RegExp): Promise<void> {
  await expect(page).toHaveURL(path);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await page.reload();
  await expect(page).toHaveURL(path);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

/** From the start page, opens a screen by its button. */
async function openFromHome(page: Page, button: string): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: button, exact: true }).click();
}

test('each of the administrator’s screens has a URL and survives a reload', async ({ browser }) => {
  const { page } = await signIn(browser, origin, ROSTER.isaiah.email);
  await survivesReload(page, /\/$/, 'What would you like to do?');

  await openFromHome(page, 'Reports');
  await survivesReload(page, /\/reports$/, 'Session reports');
  await openFromHome(page, 'Administration');
  await survivesReload(page, /\/admin$/, 'Administration');
  await openFromHome(page, 'Get help');
  await survivesReload(page, /\/get$/, 'Get help');

  // This browser enrolls with its own link, then opens itself on the Devices page.
  await openFromHome(page, 'Devices');
  await survivesReload(page, /\/devices$/, 'Devices');
  await page.getByRole('button', { name: 'New enrollment token' }).click();
  const link = new URL(await page.getByLabel('Enrollment link').inputValue());
  await page.goto(link.pathname + link.search);
  await survivesReload(page, /\/enroll\?token=/, 'Enroll this device');
  await expect(page.getByLabel('Enrollment token')).toHaveValue(link.searchParams.get('token') ?? '');
  const name = `Navigation ${Date.now()}`;
  await page.getByLabel('Device name').fill(name);
  await page.getByRole('button', { name: 'Enroll', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: `This device is enrolled as ${name}.` })).toBeVisible();

  await openFromHome(page, 'Devices');
  await page.getByLabel('Search devices').fill(name);
  await page.getByRole('button', { name: 'Show' }).click();
  await page.getByRole('table', { name: 'Enrolled devices' }).getByRole('button', { name, exact: true }).click();
  await survivesReload(page, /\/devices\/[^/]+$/, name);

  // A screen this person may not use, and an address that is no screen, lead home.
  await page.goto('/give');
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/no-such-screen');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: 'What would you like to do?' })).toBeVisible();
});

test('a screen opened signed out is shown after sign-in; back and forward move between screens', async ({
  browser,
}) => {
  const { page } = await signIn(browser, origin, ROSTER.isaiah.email, '/reports');
  await expect(page).toHaveURL(/\/reports$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Session reports' })).toBeVisible();
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('button', { name: 'Devices', exact: true }).click();
  await expect(page).toHaveURL(/\/devices$/);

  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'What would you like to do?' })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'Session reports' })).toBeVisible();
  await page.goForward();
  await page.goForward();
  await expect(page.getByRole('heading', { level: 1, name: 'Devices' })).toBeVisible();
  await expect(page).toHaveURL(/\/devices$/);
});

test('a session has a URL: both people come back to it after a reload, and Give help has one too', async ({
  browser,
}) => {
  const helper = await signIn(browser, origin, ROSTER.alex.email);
  const sharer = await signIn(browser, origin, ROSTER.diego.email);
  const code = await getSecurityCode(helper.page);
  await expect(helper.page).toHaveURL(/\/give$/);
  await enterCode(sharer.page, code);
  await expect(sharer.page.getByRole('region', { name: 'Helping you' })).toBeVisible();
  await expect(helper.page.getByRole('region', { name: 'You are helping' })).toBeVisible();
  await expect(helper.page).toHaveURL(/\/sessions\/[^/]+$/);
  const sessionUrl = helper.page.url();
  await expect(sharer.page).toHaveURL(sessionUrl);

  await survivesReload(helper.page, /\/sessions\/[^/]+$/, /Diego/);
  await survivesReload(sharer.page, /\/sessions\/[^/]+$/, /Alex/);
  // The session's tab and Home move between the start page and the session, and back returns to the session.
  await helper.page.getByRole('navigation', { name: 'Sessions' }).getByRole('button', { name: 'Home' }).click();
  await expect(helper.page).toHaveURL(/\/$/);
  await helper.page.goBack();
  await expect(helper.page).toHaveURL(sessionUrl);
  await expect(helper.page.getByRole('region', { name: 'You are helping' })).toBeVisible();
});
