/** What the helper does on their view of the sharer's real screen, in the full-control tests (X11 and Windows). */
import type { Page } from '@playwright/test';
import { SCREEN } from './desktop.ts';
import { expect } from './fixtures.ts';

/** The helper clicks on their view of the sharer's screen where the point `at` (screen pixels) is shown. */
export async function clickOnRemoteScreen(
  helper: Page,
  sharerName: string,
  at: { x: number; y: number },
): Promise<void> {
  const screen = helper.getByLabel(`Screen of ${sharerName}`, { exact: true });
  await screen.scrollIntoViewIfNeeded();
  const view = await screen.evaluate((v: HTMLVideoElement) => ({
    r: v.getBoundingClientRect().toJSON(),
    w: v.videoWidth,
    h: v.videoHeight,
  }));
  const r = view.r as { left: number; top: number; width: number; height: number };
  const scale = Math.min(r.width / view.w, r.height / view.h);
  const left = r.left + (r.width - view.w * scale) / 2;
  const top = r.top + (r.height - view.h * scale) / 2;
  const px = left + (at.x / SCREEN.width) * view.w * scale;
  const py = top + (at.y / SCREEN.height) * view.h * scale;
  await helper.mouse.click(px, py);
}

/** The helper asks for full control, the sharer allows it, and the helper's view shows the screen. */
export async function takeControl(helper: Page, sharer: Page, sharerName: string): Promise<void> {
  await helper.getByRole('button', { name: 'Request full control' }).click();
  await sharer.getByRole('button', { name: 'Allow full control' }).click();
  await expect(helper.getByText('Mode: Full control')).toBeVisible();
  await expect
    .poll(() =>
      helper
        .getByLabel(`Screen of ${sharerName}`, { exact: true })
        .evaluate((v: HTMLVideoElement) => v.getVideoPlaybackQuality().totalVideoFrames),
    )
    .toBeGreaterThan(0);
}
