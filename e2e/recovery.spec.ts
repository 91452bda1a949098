import { ROSTER } from '../tests/fixtures/roster.ts';
import { expect, test } from './fixtures.ts';
import { captureStates, decodedFrames, pairUp, startViewing } from './people.ts';
import { SERVERS } from './servers.ts';

const { origin } = SERVERS.main;

async function say(page: import('@playwright/test').Page, text: string) {
  await page.getByLabel('Message').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

test('a 10-second network cut recovers the same session with its chat intact', async ({ browser }) => {
  const { helper, sharer } = await pairUp(browser, origin, ROSTER.alex.email, ROSTER.adele.email);
  await startViewing(helper.page, sharer.page, 'Adele Vance');
  await say(helper.page, 'before the cut');
  await expect(sharer.page.getByTestId('chat-text')).toHaveText(['before the cut']);

  await sharer.context.setOffline(true);
  await expect(sharer.page.getByText('Your connection is lost. Reconnecting…')).toBeVisible();
  await expect(
    helper.page.getByText('Adele Vance lost their connection. Waiting for them to come back…'),
  ).toBeVisible();
  // The cut itself lasts ten seconds: this wait is the scenario, not synchronisation.
  await sharer.page.waitForTimeout(10_000);
  await say(sharer.page, 'written during the cut');
  await sharer.context.setOffline(false);

  await expect(sharer.page.getByText('Your connection is lost. Reconnecting…')).toHaveCount(0, { timeout: 20_000 });
  await expect(helper.page.getByText(/lost their connection/)).toHaveCount(0);
  await say(helper.page, 'after the cut');
  for (const page of [helper.page, sharer.page]) {
    await expect(page.getByTestId('chat-text')).toHaveText([
      'before the cut',
      'written during the cut',
      'after the cut',
    ]);
  }
  await expect(helper.page.getByText('Mode: View only')).toBeVisible();
  const frames = await decodedFrames(helper.page, 'Screen of Adele Vance');
  await expect.poll(() => decodedFrames(helper.page, 'Screen of Adele Vance')).toBeGreaterThan(frames);
});

test('closing the tab counts as leaving', async ({ browser }) => {
  const { helper, sharer } = await pairUp(browser, origin, ROSTER.megan.email, ROSTER.diego.email);
  await startViewing(helper.page, sharer.page, 'Diego Santos');
  await sharer.page.close({ runBeforeUnload: true });
  await expect(helper.page.getByText('Diego Santos left the session.')).toBeVisible();
});

test('a reload keeps the session and its chat', async ({ browser }) => {
  const { helper, sharer } = await pairUp(browser, origin, ROSTER.megan.email, ROSTER.adele.email);
  await say(helper.page, 'مرحبا — kept across a reload');
  await expect(sharer.page.getByTestId('chat-text')).toHaveText(['مرحبا — kept across a reload']);
  await sharer.page.reload();
  await expect(sharer.page.getByRole('region', { name: 'Helping you' })).toContainText('Megan Brooks');
  await expect(sharer.page.getByTestId('chat-text')).toHaveText(['مرحبا — kept across a reload']);
  await say(sharer.page, 'back again');
  await expect(helper.page.getByTestId('chat-text')).toHaveText(['مرحبا — kept across a reload', 'back again']);
  expect(await captureStates(sharer.page)).toEqual([]);
});
