/** What the helper does on their view of the sharer's real screen, in the full-control tests (X11 and Windows). */
import type { Page } from '@playwright/test';
import { SCREEN } from './desktop.ts';
import { expect } from './fixtures.ts';

/**
 * The helper clicks on their view of the sharer's screen where the point `at` (screen pixels) is shown. Zoomed in,
 * they first scroll the view (as with its scroll bars) until that point is in the middle of it.
 */
export async function clickOnRemoteScreen(
  helper: Page,
  sharerName: string,
  at: { x: number; y: number },
): Promise<void> {
  const screen = helper.getByLabel(`Screen of ${sharerName}`, { exact: true });
  await screen.scrollIntoViewIfNeeded();
  const where = () =>
    screen.evaluate(
      (v: HTMLVideoElement, p: { x: number; y: number }) => {
        // The picture is letterboxed inside the element when fitted, and is the element itself when zoomed.
        const r = v.getBoundingClientRect();
        const scale = Math.min(r.width / v.videoWidth, r.height / v.videoHeight);
        const left = r.left + (r.width - v.videoWidth * scale) / 2;
        const top = r.top + (r.height - v.videoHeight * scale) / 2;
        return { x: left + p.x * v.videoWidth * scale, y: top + p.y * v.videoHeight * scale };
      },
      { x: at.x / SCREEN.width, y: at.y / SCREEN.height },
    );
  const point = await where();
  const scrolled = await screen.evaluate((v: HTMLVideoElement, p: { x: number; y: number }) => {
    let box = v.parentElement;
    while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflow)) box = box.parentElement;
    if (!box) return false;
    const r = box.getBoundingClientRect();
    box.scrollBy(p.x - (r.left + r.width / 2), p.y - (r.top + r.height / 2));
    return true;
  }, point);
  const target = scrolled ? await where() : point;
  await helper.mouse.click(target.x, target.y);
}

/**
 * The helper asks for full control, the sharer allows it, and the helper's view shows the screen. The floating status
 * window that opens with sharing is closed, as a sharer may: on the sharer's real screen it sits over what the helper
 * clicks (e2e/sharer-status.spec.ts tests the window itself).
 */
export async function takeControl(helper: Page, sharer: Page, sharerName: string): Promise<void> {
  await helper.getByRole('button', { name: 'Request full control' }).click();
  await sharer.getByRole('button', { name: 'Allow full control' }).click();
  await expect(helper.getByText('Mode: Full control')).toBeVisible();
  await closeFloatingStatus(sharer);
  await expect
    .poll(() =>
      helper
        .getByLabel(`Screen of ${sharerName}`, { exact: true })
        .evaluate((v: HTMLVideoElement) => v.getVideoPlaybackQuality().totalVideoFrames),
    )
    .toBeGreaterThan(0);
}

/**
 * Closes the sharer's floating status window if one is open or opening: the toolbar offers it only when there is none,
 * and the window is the page of the sharer's browser that says who is helping.
 */
export async function closeFloatingStatus(sharer: Page): Promise<void> {
  if (await sharer.getByRole('button', { name: 'Show floating status' }).isVisible()) return;
  const find = async () => {
    for (const page of sharer.context().pages()) {
      if (page === sharer) continue;
      if ((await page.getByRole('heading', { name: /is helping you$/ }).count()) > 0) return page;
    }
    return undefined;
  };
  await expect.poll(async () => (await find()) !== undefined).toBe(true);
  await (await find())?.close();
  await expect(sharer.getByRole('button', { name: 'Show floating status' })).toBeVisible();
}
