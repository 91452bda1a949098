/** Test drivers for a person using the app: sign in through the identity provider's page, pair, read what they see. */
import { type Browser, type BrowserContext, expect, type Page } from '@playwright/test';

export const PASSWORD = 'remotehelp';

export interface Person {
  context: BrowserContext;
  page: Page;
}

/** Opens a fresh browser profile and signs the person in through the provider's own sign-in form. */
export async function signIn(browser: Browser, origin: string, email: string, path = '/'): Promise<Person> {
  const context = await browser.newContext({ baseURL: origin });
  const page = await context.newPage();
  await page.goto(path);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/dev-idp\/interaction\//);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  return { context, page };
}

/** Give help → Get a security code; returns the code as shown (two groups). */
export async function getSecurityCode(helper: Page): Promise<string> {
  await helper.getByRole('button', { name: 'Give help' }).click();
  await helper.getByRole('button', { name: 'Get a security code' }).click();
  const code = helper.getByRole('status', { name: 'Security code' });
  await expect(code).toHaveText(/^[0-9a-z]{4} [0-9a-z]{4}$/);
  return (await code.textContent()) ?? '';
}

/** Get help → Security code → Submit. */
export async function enterCode(sharer: Page, code: string): Promise<void> {
  const field = sharer.getByLabel('Security code');
  if (!(await field.isVisible())) await sharer.getByRole('button', { name: 'Get help' }).click();
  await sharer.getByLabel('Security code').fill(code);
  await sharer.getByRole('button', { name: 'Submit' }).click();
}
