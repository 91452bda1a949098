import { SOCKET_CLOSE } from '@remote-help/protocol/socket';
import { ROSTER } from '../tests/fixtures/roster.ts';
import { expect, test } from './fixtures.ts';
import {
  captureStates,
  decodedFrames,
  enterCode,
  getSecurityCode,
  pairUp,
  recordCaptures,
  say,
  signIn,
  startViewing,
} from './people.ts';
import { SERVERS, SHORT_TOKEN_SECONDS } from './servers.ts';
import { watchSocket } from './socket-watch.ts';

const { origin } = SERVERS.main;

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

test('a session outlives its access tokens: fresh tokens keep the socket, and a socket closed at expiry comes back', async ({
  browser,
}) => {
  const short = SERVERS.shortCodes.origin;
  const helper = await signIn(browser, short, ROSTER.alex.email);
  const sharer = await signIn(browser, short, ROSTER.adele.email);
  // The helper's app renews its token on its socket; the sharer's fresh tokens are lost on the way, so the server
  // closes the sharer's socket each time its token expires and the app has to come back with a fresh one.
  const helperSocket = await watchSocket(helper.context);
  const sharerSocket = await watchSocket(sharer.context, { holdBackFreshTokens: true });
  await helper.page.reload();
  await sharer.page.reload();
  await recordCaptures(sharer.page);
  await enterCode(sharer.page, await getSecurityCode(helper.page));
  await expect(helper.page.getByRole('region', { name: 'You are helping' })).toBeVisible();
  await startViewing(helper.page, sharer.page, 'Adele Vance');
  await say(helper.page, 'before the tokens expired');

  // Two lifetimes of a token and more: the sharer's socket was closed for its token twice and came back each time.
  await expect
    .poll(() => sharerSocket.serverCloses.filter((c) => c.code === SOCKET_CLOSE.tokenExpired).length, {
      timeout: SHORT_TOKEN_SECONDS * 4 * 1000,
    })
    .toBeGreaterThanOrEqual(2);
  await expect(sharer.page.getByText('Your connection is lost. Reconnecting…')).toHaveCount(0);
  expect(sharerSocket.connections).toBeGreaterThanOrEqual(3);
  // The helper's one socket took fresh tokens and was never closed.
  expect(helperSocket.connections).toBe(1);
  expect(helperSocket.authFrames).toBeGreaterThanOrEqual(3);
  expect(helperSocket.serverCloses).toEqual([]);

  await say(sharer.page, 'after the tokens expired');
  for (const page of [helper.page, sharer.page]) {
    await expect(page.getByTestId('chat-text')).toHaveText(['before the tokens expired', 'after the tokens expired']);
  }
  await expect(helper.page.getByText('Mode: View only')).toBeVisible();
  await expect(sharer.page.getByRole('region', { name: 'Helping you' })).toBeVisible();
});
