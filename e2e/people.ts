/** Test drivers for a person using the app: sign in through the identity provider's page, pair, read what they see. */
import { type Browser, type BrowserContext, type BrowserContextOptions, expect, type Page } from '@playwright/test';

export const PASSWORD = 'remotehelp';

export interface Person {
  context: BrowserContext;
  page: Page;
}

/** Opens a fresh browser profile and signs the person in through the provider's own sign-in form. */
export async function signIn(
  browser: Browser,
  origin: string,
  email: string,
  path = '/',
  options: BrowserContextOptions = {},
): Promise<Person> {
  const context = await browser.newContext({ ...options, baseURL: origin });
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

/** Back to the start screen, if a session screen is showing (open sessions come back after sign-in). */
export async function goHome(page: Page): Promise<void> {
  const home = page.getByRole('navigation', { name: 'Sessions' }).getByRole('button', { name: 'Home' });
  // The signed-in part of the app loads after the header: wait for it to show either the tabs or the home screen.
  await expect(home.or(page.getByRole('button', { name: 'Get help' })).first()).toBeVisible();
  if (await home.isVisible()) await home.click();
}

/** Give help → Get a security code; returns the code as shown (two groups). */
export async function getSecurityCode(helper: Page): Promise<string> {
  await goHome(helper);
  await helper.getByRole('button', { name: 'Give help' }).click();
  await helper.getByRole('button', { name: 'Get a security code' }).click();
  const code = helper.getByRole('status', { name: 'Security code' });
  await expect(code).toHaveText(/^[0-9a-z]{4} [0-9a-z]{4}$/);
  return (await code.textContent()) ?? '';
}

/** Get help → Security code → Submit. */
export async function enterCode(sharer: Page, code: string): Promise<void> {
  const field = sharer.getByLabel('Security code');
  if (!(await field.isVisible())) {
    await goHome(sharer);
    await sharer.getByRole('button', { name: 'Get help' }).click();
  }
  await sharer.getByLabel('Security code').fill(code);
  await sharer.getByRole('button', { name: 'Submit' }).click();
}

/** Signs both people in and pairs them; both are left on the session screen. */
export async function pairUp(
  browser: Browser,
  origin: string,
  helperEmail: string,
  sharerEmail: string,
  helperOptions: BrowserContextOptions = {},
) {
  const helper = await signIn(browser, origin, helperEmail, '/', helperOptions);
  const sharer = await signIn(browser, origin, sharerEmail);
  await recordCaptures(sharer.page);
  const code = await getSecurityCode(helper.page);
  await enterCode(sharer.page, code);
  await expect(sharer.page.getByRole('region', { name: 'Helping you' })).toBeVisible();
  await expect(helper.page.getByRole('region', { name: 'You are helping' })).toBeVisible();
  return { helper, sharer };
}

/**
 * Keeps every stream the page captures, so a test can check that capture really stopped. This wraps the browser's
 * getDisplayMedia from the test's side; the app itself is unchanged.
 */
export async function recordCaptures(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { capturedStreams?: MediaStream[] };
    if (w.capturedStreams) return;
    w.capturedStreams = [];
    const original = navigator.mediaDevices.getDisplayMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getDisplayMedia = async (options) => {
      const stream = await original(options);
      w.capturedStreams?.push(stream);
      return stream;
    };
  });
}

/** The ready states of every track the page has captured. */
export function captureStates(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    ((window as unknown as { capturedStreams?: MediaStream[] }).capturedStreams ?? []).flatMap((s) =>
      s.getTracks().map((t) => t.readyState),
    ),
  );
}

/** How many frames the helper's view of a screen has decoded. */
export function decodedFrames(page: Page, label: string): Promise<number> {
  return page.getByLabel(label).evaluate((v) => (v as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames);
}

/** The helper asks to see the screen and the sharer allows it; waits for decoded video. */
export async function startViewing(helper: Page, sharer: Page, sharerName: string): Promise<void> {
  await helper.getByRole('button', { name: 'Request screen sharing' }).click();
  await sharer.getByRole('button', { name: 'Allow screen sharing' }).click();
  await expect(helper.getByText('Mode: View only')).toBeVisible();
  await expect.poll(() => decodedFrames(helper, `Screen of ${sharerName}`)).toBeGreaterThan(0);
}

/** Opens the session's chat panel if it is closed (the helper's starts closed: the picture comes first). */
export async function openChat(page: Page): Promise<void> {
  const field = page.getByLabel('Message');
  if (!(await field.isVisible())) await page.getByRole('button', { name: 'Chat' }).click();
  await expect(field).toBeVisible();
}

/** Writes a chat message and sends it, opening the chat panel first if need be. */
export async function say(page: Page, text: string): Promise<void> {
  await openChat(page);
  await page.getByLabel('Message').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}
