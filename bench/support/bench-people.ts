/** The benchmarks' people: sign in through the provider's page and pair through the app's screens. */
import type { Browser, Page } from '@playwright/test';

export async function signIn(
  browser: Browser,
  origin: string,
  email: string,
  viewport?: { width: number; height: number },
): Promise<Page> {
  // The benchmarks' in-page recorders are evaluated as text, which the app's CSP (rightly) forbids to the app.
  const context = await browser.newContext({ baseURL: origin, bypassCSP: true, ...(viewport ? { viewport } : {}) });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/dev-idp\/interaction\//);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('remotehelp');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

/** Give help → code → Get help → Submit, through the app's screens. */
export async function pair(helper: Page, sharer: Page): Promise<void> {
  await helper.getByRole('button', { name: 'Give help' }).click();
  await helper.getByRole('button', { name: 'Get a security code' }).click();
  const code = (await helper.getByRole('status', { name: 'Security code' }).textContent()) ?? '';
  await sharer.getByRole('button', { name: 'Get help' }).click();
  await sharer.getByLabel('Security code').fill(code);
  await sharer.getByRole('button', { name: 'Submit' }).click();
}
