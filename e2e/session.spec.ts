import { ROSTER } from '../tests/fixtures/roster.ts';
import { devSignIn } from '../tests/support/dev-sign-in.ts';
import { openAuthenticatedSocket } from '../tests/support/socket-client.ts';
import { expect, test } from './fixtures.ts';
import { captureStates, decodedFrames, enterCode, getSecurityCode, pairUp, signIn, startViewing } from './people.ts';
import { SERVERS } from './servers.ts';

const { origin } = SERVERS.main;

test('view only: the helper sees the sharer’s screen, and leaving stops capture', async ({ browser }) => {
  const { helper, sharer } = await pairUp(browser, origin, ROSTER.alex.email, ROSTER.adele.email);
  await helper.page.getByRole('button', { name: 'Request screen sharing' }).click();
  await expect(helper.page.getByRole('main').getByText('Waiting for Adele Vance to answer…')).toBeVisible();
  await expect(sharer.page.getByRole('main').getByText('Alex Rivera asks to see your screen.')).toBeVisible();
  await sharer.page.getByRole('button', { name: 'Allow screen sharing' }).click();
  await expect(sharer.page.getByRole('main').getByText('Alex Rivera is helping you — View only')).toBeVisible();
  await expect.poll(() => decodedFrames(helper.page, 'Screen of Adele Vance')).toBeGreaterThan(0);
  const size = await helper.page
    .getByLabel('Screen of Adele Vance')
    .evaluate((v) => [(v as HTMLVideoElement).videoWidth, (v as HTMLVideoElement).videoHeight]);
  expect(size[0]).toBeGreaterThan(0);
  expect(await captureStates(sharer.page)).toEqual(['live']);

  await sharer.page.getByRole('button', { name: 'Leave' }).click();
  await expect(sharer.page.getByRole('main').getByText('You left the session.')).toBeVisible();
  await expect(helper.page.getByRole('main').getByText('Adele Vance left the session.')).toBeVisible();
  expect(await captureStates(sharer.page)).toEqual(['ended']);
});

test('the helper leaving ends the session on both sides and stops capture', async ({ browser }) => {
  const { helper, sharer } = await pairUp(browser, origin, ROSTER.alex.email, ROSTER.diego.email);
  await startViewing(helper.page, sharer.page, 'Diego Santos');
  await helper.page.getByRole('button', { name: 'Leave' }).click();
  await expect(helper.page.getByRole('main').getByText('You left the session.')).toBeVisible();
  await expect(sharer.page.getByRole('main').getByText('Alex Rivera left the session.')).toBeVisible();
  expect(await captureStates(sharer.page)).toEqual(['ended']);
});

test('full control without the control agent: the sharer is told why and may share view only', async ({ browser }) => {
  const { helper, sharer } = await pairUp(browser, origin, ROSTER.megan.email, ROSTER.adele.email);
  await helper.page.getByRole('button', { name: 'Request full control' }).click();
  await expect(
    sharer.page.getByRole('main').getByText('Megan Brooks asks to take full control of your screen.'),
  ).toBeVisible();
  await expect(
    sharer.page
      .getByRole('main')
      .getByText(
        'Full control needs the Remote Help control agent, which is not running on this computer. You can share view only instead.',
      ),
  ).toBeVisible();
  await expect(sharer.page.getByRole('button', { name: 'Allow full control' })).toBeDisabled();
  await sharer.page.getByRole('button', { name: 'Share view only' }).click();
  await expect(helper.page.getByRole('main').getByText('Mode: View only')).toBeVisible();
  await expect.poll(() => decodedFrames(helper.page, 'Screen of Adele Vance')).toBeGreaterThan(0);

  // Asking again is asked again, and can be declined.
  await helper.page.getByRole('button', { name: 'Request full control' }).click();
  await sharer.page.getByRole('button', { name: 'Decline' }).click();
  await expect(helper.page.getByRole('main').getByText('Adele Vance declined the request.')).toBeVisible();
  await expect(helper.page.getByRole('main').getByText('Mode: View only')).toBeVisible();
});

test('a sharer on Windows without the agent is offered the Windows agent, and on Linux the npx command', async ({
  browser,
}) => {
  const windowsChrome =
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';
  const helper = await signIn(browser, origin, ROSTER.alex.email);
  const sharer = await signIn(browser, origin, ROSTER.adele.email, '/', { userAgent: windowsChrome });
  await enterCode(sharer.page, await getSecurityCode(helper.page));
  const main = sharer.page.getByRole('main');
  await expect(main.getByText('Control agent: not running')).toBeVisible();
  await expect(main.getByRole('link', { name: 'Download the Remote Help agent for Windows' })).toHaveAttribute(
    'href',
    SERVERS.main.env.AGENT_WINDOWS_DOWNLOAD_URL,
  );
  await expect(
    main.getByText(`Then start it from a command prompt: remote-help-agent.exe --app ${origin}`),
  ).toBeVisible();
  await expect(main.getByText('npx remote-help-agent', { exact: false })).toHaveCount(0);

  const other = await pairUp(browser, origin, ROSTER.megan.email, ROSTER.diego.email);
  await expect(
    other.sharer.page.getByRole('main').getByText(`npx remote-help-agent --app ${origin}`, { exact: false }),
  ).toBeVisible();
  await expect(other.sharer.page.getByRole('link', { name: 'Download the Remote Help agent for Windows' })).toHaveCount(
    0,
  );
});

test('a declined first request leaves nothing shared', async ({ browser }) => {
  const { helper, sharer } = await pairUp(browser, origin, ROSTER.alex.email, ROSTER.diego.email);
  await helper.page.getByRole('button', { name: 'Request full control' }).click();
  await sharer.page.getByRole('button', { name: 'Decline' }).click();
  await expect(helper.page.getByRole('main').getByText('Diego Santos declined the request.')).toBeVisible();
  await expect(helper.page.getByRole('main').getByText('Mode: Not sharing')).toBeVisible();
  expect(await captureStates(sharer.page)).toEqual([]);
});

test('chat both ways in any script, and a message over 4,000 characters is refused', async ({ browser }) => {
  const { helper, sharer } = await pairUp(browser, origin, ROSTER.alex.email, ROSTER.adele.email);
  await startViewing(helper.page, sharer.page, 'Adele Vance');
  // The helper's chat is a side panel, closed at first so the screen has the room.
  await helper.page.getByRole('button', { name: 'Chat' }).click();
  const texts = ['مرحبا، هل يمكنك رؤية شاشتي؟', '你好，我来帮你。', 'Done 👍🏽🎉 שלום'];
  await helper.page.getByLabel('Message').fill(texts[0] ?? '');
  await helper.page.getByRole('button', { name: 'Send' }).click();
  await sharer.page.getByLabel('Message').fill(texts[1] ?? '');
  await sharer.page.getByRole('button', { name: 'Send' }).click();
  await helper.page.getByLabel('Message').fill(texts[2] ?? '');
  await helper.page.getByLabel('Message').press('Enter');
  for (const page of [helper.page, sharer.page]) {
    await expect(page.getByRole('log', { name: 'Chat' }).getByTestId('chat-text')).toHaveText(texts);
  }
  await expect(helper.page.getByRole('log', { name: 'Chat' }).getByText('Delivered')).toHaveCount(2);
  const arabic = sharer.page.getByRole('log', { name: 'Chat' }).getByText(texts[0] ?? '');
  expect(await arabic.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');

  await helper.page.getByLabel('Message').fill('x'.repeat(4001));
  await helper.page.getByRole('button', { name: 'Send' }).click();
  await expect(helper.page.getByRole('alert')).toHaveText(
    'Messages can be at most 4,000 characters. 1 character too many.',
  );
  await expect(sharer.page.getByRole('log', { name: 'Chat' }).getByTestId('chat-text')).toHaveCount(3);
});

test('a forged full-control request from a helper without the permission is refused by the server', async ({
  browser,
}) => {
  const { helper, sharer } = await pairUp(browser, origin, ROSTER.lee.email, ROSTER.adele.email);
  await expect(helper.page.getByRole('button', { name: 'Request full control' })).toBeDisabled();
  // A modified client: Lee's own token, the server's real socket, a request the app would never send.
  const token = await devSignIn(origin, ROSTER.lee.email);
  const res = await fetch(`${origin}/api/sessions`, { headers: { authorization: `Bearer ${token}` } });
  const { sessions } = (await res.json()) as { sessions: { id: string; sharer: { name: string } }[] };
  const session = sessions.find((s) => s.sharer.name === 'Adele Vance');
  const forged = await openAuthenticatedSocket(origin, token);
  forged.sendRaw(
    JSON.stringify({ type: 'session.event', sessionId: session?.id, event: { type: 'mode.request', mode: 'control' } }),
  );
  expect(await forged.next((m) => m.type === 'error')).toMatchObject({ code: 'mode_not_permitted' });
  // The next request, a permitted one, is the first the sharer hears of: the forged one never reached them.
  await helper.page.getByRole('button', { name: 'Request screen sharing' }).click();
  await expect(sharer.page.getByRole('button', { name: 'Allow screen sharing' })).toBeVisible();
  await expect(sharer.page.getByRole('button', { name: 'Allow full control' })).toHaveCount(0);
  await expect(sharer.page.getByRole('main').getByText('was refused', { exact: false })).toHaveCount(0);
  expect(await captureStates(sharer.page)).toEqual([]);
  forged.ws.close();
});

test('one helper holds two live sessions with two sharers at once', async ({ browser }) => {
  const first = await pairUp(browser, origin, ROSTER.megan.email, ROSTER.adele.email);
  await startViewing(first.helper.page, first.sharer.page, 'Adele Vance');
  const helper = first.helper.page;
  const diego = await signIn(browser, origin, ROSTER.diego.email);
  const code = await getSecurityCode(helper);
  await enterCode(diego.page, code);
  await expect(helper.getByRole('region', { name: 'You are helping' })).toContainText('Diego Santos');
  await startViewing(helper, diego.page, 'Diego Santos');

  const tabs = helper.getByRole('navigation', { name: 'Sessions' });
  // Switching shows the other session's screen, still live: a fresh video element decodes new frames.
  await tabs.getByRole('button', { name: 'Session with Adele Vance' }).click();
  await expect(helper.getByRole('heading', { level: 1, name: 'Connected with Adele Vance.' })).toBeVisible();
  await expect.poll(() => decodedFrames(helper, 'Screen of Adele Vance')).toBeGreaterThan(0);
  // Ending one leaves the other running.
  await first.sharer.page.getByRole('button', { name: 'Leave' }).click();
  await expect(helper.getByText('Adele Vance left the session.')).toBeVisible();
  await tabs.getByRole('button', { name: 'Session with Diego Santos' }).click();
  await expect(helper.getByText('Mode: View only')).toBeVisible();
  await expect.poll(() => decodedFrames(helper, 'Screen of Diego Santos')).toBeGreaterThan(0);
});
