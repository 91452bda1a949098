/**
 * The product as a cluster, by real people in real browsers: three server nodes (real processes, sharing PostgreSQL
 * and Redis when those are configured) behind a real HAProxy, all answering on the proxy's one origin. Each person's
 * browser is steered to a chosen node by HAProxy itself — a `rh-node` cookie on the proxy's origin, which HAProxy
 * honours while that node is up (tests/support/haproxy.ts) — so the app runs unchanged, on one origin, exactly as
 * behind a production balancer, and a test can still say "the helper on n1, the sharer on n2". When the chosen node
 * dies, HAProxy sends the browser's next connection to another node, as it would anyone's.
 *
 * The cluster is started on free ports for this file (not the fixed 8181–8185 of the other specs) and stopped after.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Cookie, Page } from '@playwright/test';
import { ROSTER } from '../tests/fixtures/roster.ts';
import { type Cluster, counterOn, startCluster } from '../tests/support/cluster.ts';
import { NODE_COOKIE } from '../tests/support/haproxy.ts';
import { expect, test } from './fixtures.ts';
import {
  decodedFrames,
  enterCode,
  getSecurityCode,
  openChat,
  recordCaptures,
  say,
  signIn,
  startViewing,
} from './people.ts';

let cluster: Cluster;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  cluster = await startCluster({ engines: true, env: { STATIC_DIR: 'dist', DRAIN_SECONDS: '2' } });
});

test.afterAll(async () => {
  await cluster?.stop();
});

/** A browser profile whose requests and sockets HAProxy sends to `node` while it is up (and elsewhere after). */
function on(node: string): BrowserContextOptions & { storageState: { cookies: Cookie[] } } {
  const { hostname } = new URL(cluster.origin);
  return {
    storageState: {
      cookies: [
        {
          name: NODE_COOKIE,
          value: node,
          domain: hostname,
          path: '/',
          expires: -1,
          httpOnly: false,
          secure: false,
          sameSite: 'Lax',
        },
      ],
      origins: [],
    },
  };
}

/** Sends this browser's next requests and sockets to `node` (while it is up). */
async function steer(context: BrowserContext, node: string) {
  await context.addCookies(on(node).storageState.cookies);
}

/** Signs both people in, each on their node, and pairs them with a code; both end on the session screen. */
async function pairOn(
  browser: Browser,
  helperNode: string,
  sharerNode: string,
  helperEmail: string,
  sharerEmail: string,
) {
  const helper = await signIn(browser, cluster.origin, helperEmail, '/', on(helperNode));
  const sharer = await signIn(browser, cluster.origin, sharerEmail, '/', on(sharerNode));
  await recordCaptures(sharer.page);
  await enterCode(sharer.page, await getSecurityCode(helper.page));
  await expect(sharer.page.getByRole('region', { name: 'Helping you' })).toBeVisible();
  await expect(helper.page.getByRole('region', { name: 'You are helping' })).toBeVisible();
  return { helper, sharer };
}

test('through HAProxy, two people on one node pair with a code and see video and chat', async ({ browser }) => {
  const { helper, sharer } = await pairOn(browser, 'n1', 'n1', ROSTER.alex.email, ROSTER.adele.email);
  await startViewing(helper.page, sharer.page, 'Adele Vance');
  await say(helper.page, 'Hello through the balancer');
  await expect(sharer.page.getByTestId('chat-text').filter({ hasText: 'Hello through the balancer' })).toBeVisible();
});

test('the helper on n1 and the sharer on n2 pair with a code and see video and chat', async ({ browser }) => {
  const { helper, sharer } = await pairOn(browser, 'n1', 'n2', ROSTER.alex.email, ROSTER.adele.email);
  await startViewing(helper.page, sharer.page, 'Adele Vance');
  await say(helper.page, 'Hello from another node');
  await expect(sharer.page.getByTestId('chat-text').filter({ hasText: 'Hello from another node' })).toBeVisible();
  await say(sharer.page, 'Hello back');
  await expect(helper.page.getByTestId('chat-text').filter({ hasText: 'Hello back' })).toBeVisible();
});

test('five wrong codes spread over three nodes lock the person out, even from a good code', async ({ browser }) => {
  const diego = await signIn(browser, cluster.origin, ROSTER.diego.email);
  const refusalsBefore = await Promise.all(cluster.nodes.map((n) => counterOn(n, 'remote_help_refusals_total')));
  const attempts = [
    ['n1', 'aaaa aaaa'],
    ['n2', 'bbbb bbbb'],
    ['n3', 'cccc cccc'],
    ['n1', 'dddd dddd'],
  ] as const;
  for (const [node, code] of attempts) {
    await steer(diego.context, node);
    await enterCode(diego.page, code);
    await expect(diego.page.getByRole('alert')).toHaveText(/No such security code/);
  }
  await steer(diego.context, 'n2');
  await enterCode(diego.page, 'eeee eeee');
  await expect(diego.page.getByRole('alert')).toHaveText(/Too many wrong security codes/);
  // Each node refused some of them: the count was kept where every node sees it.
  const refusalsAfter = await Promise.all(cluster.nodes.map((n) => counterOn(n, 'remote_help_refusals_total')));
  for (const [i, after] of refusalsAfter.entries()) expect(after).toBeGreaterThan(refusalsBefore[i] ?? 0);

  // A good code, made by a helper on another node, redeemed through the third: still locked out.
  const megan = await signIn(browser, cluster.origin, ROSTER.megan.email);
  await steer(megan.context, 'n1');
  await megan.page.getByRole('button', { name: 'Give help' }).click();
  await megan.page.getByRole('button', { name: 'Get a security code' }).click();
  const good = (await megan.page.getByRole('status', { name: 'Security code' }).textContent()) ?? '';
  await steer(diego.context, 'n3');
  await diego.page.getByLabel('Security code').fill(good);
  await diego.page.getByRole('button', { name: 'Submit' }).click();
  await expect(diego.page.getByRole('alert')).toHaveText(/Too many wrong security codes/);
  await expect(diego.page.getByRole('heading', { name: /Connected with/ })).toHaveCount(0);
});

test('a launch sent via n1 reaches the device on n3 and is accepted there', async ({ browser }) => {
  const name = `Cluster desk ${Date.now()}`;
  const admin = await signIn(browser, cluster.origin, ROSTER.isaiah.email, '/', on('n2'));
  await admin.page.getByRole('button', { name: 'Devices' }).click();
  await admin.page.getByRole('button', { name: 'New enrollment token' }).click();
  const link = new URL(await admin.page.getByLabel('Enrollment link').inputValue());

  const sharer = await signIn(browser, cluster.origin, ROSTER.adele.email, link.pathname + link.search, on('n3'));
  await sharer.page.getByLabel('Device name').fill(name);
  await sharer.page.getByRole('button', { name: 'Enroll', exact: true }).click();
  await expect(
    sharer.page.getByRole('status').filter({ hasText: `This device is enrolled as ${name}.` }),
  ).toBeVisible();
  await sharer.page.getByRole('button', { name: 'Back' }).click();

  const helper = await signIn(browser, cluster.origin, ROSTER.alex.email, '/', on('n1'));
  await helper.page.getByRole('button', { name: 'Devices' }).click();
  await helper.page.getByLabel('Search devices').fill(name);
  await helper.page.getByRole('button', { name: 'Show' }).click();
  const row = helper.page.getByRole('table', { name: 'Enrolled devices' }).getByRole('row').nth(1);
  // Online as n1 sees it, though the device's socket is on n3.
  await expect(row.getByRole('cell').last()).toHaveText('Online');
  await row.getByRole('button', { name }).click();
  await helper.page.getByRole('button', { name: 'New remote assistance session' }).click();
  await helper.page.getByRole('button', { name: 'Continue' }).click();
  await expect(helper.page.getByRole('status').filter({ hasText: 'Notification sent' })).toBeVisible();

  const prompt = sharer.page.getByRole('alertdialog', { name: 'Alex Rivera wants to help you' });
  await prompt.getByRole('button', { name: 'Start Remote Help' }).click();
  await expect(sharer.page.getByRole('heading', { level: 1, name: 'Connected with Alex Rivera' })).toBeVisible();
  await expect(helper.page.getByRole('heading', { level: 1, name: 'Connected with Adele Vance' })).toBeVisible();
});

test("an administrator's change on n1 applies to the next session paired on n2", async ({ browser }) => {
  const admin = await signIn(browser, cluster.origin, ROSTER.isaiah.email, '/', on('n1'));
  await admin.page.getByRole('button', { name: 'Administration' }).click();
  const settings = admin.page.getByRole('form', { name: 'Settings' });
  await settings.getByLabel('Remote Help is on').uncheck();
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(admin.page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();

  // n2 has read the settings before (its sign-ins and sockets): it must not answer from what it remembered.
  const helper = await signIn(browser, cluster.origin, ROSTER.alex.email, '/', on('n2'));
  await helper.page.getByRole('button', { name: 'Give help' }).click();
  await helper.page.getByRole('button', { name: 'Get a security code' }).click();
  await expect(helper.page.getByRole('alert')).toHaveText(/Remote Help is turned off for your organisation/);

  await settings.getByLabel('Remote Help is on').check();
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(admin.page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
  // Lee gets help this time: Diego is locked out by the test above.
  const { helper: again, sharer } = await pairOn(browser, 'n2', 'n2', ROSTER.megan.email, ROSTER.lee.email);
  await expect(again.page.getByRole('region', { name: 'You are helping' })).toBeVisible();
  await expect(sharer.page.getByRole('region', { name: 'Helping you' })).toBeVisible();
});

/** Frames the helper's view has decoded, for "the video never stopped". */
const frames = (page: Page, name: string) => decodedFrames(page, `Screen of ${name}`);

test("the node holding the helper's socket is SIGKILLed: the helper is back through another node, the session goes on, chat sent in the gap arrives, video never stops", async ({
  browser,
}) => {
  const { helper, sharer } = await pairOn(browser, 'n1', 'n2', ROSTER.megan.email, ROSTER.adele.email);
  await startViewing(helper.page, sharer.page, 'Adele Vance');
  await openChat(helper.page);

  const atKill = await frames(helper.page, 'Adele Vance');
  await cluster.node('n1').kill();
  // In the gap (the helper's app waiting to reconnect), both write; chat goes peer to peer, not through a node.
  await say(sharer.page, 'Written while your node was down');
  await expect(
    helper.page.getByTestId('chat-text').filter({ hasText: 'Written while your node was down' }),
  ).toBeVisible();
  await expect.poll(() => frames(helper.page, 'Adele Vance')).toBeGreaterThan(atKill);

  // The session goes on through the server: the helper's request, sent over the socket the app opened on another
  // node, reaches the sharer, whose node runs the session.
  await helper.page.getByRole('button', { name: 'Request full control' }).click();
  await expect(
    sharer.page.getByRole('main').getByText('Megan Brooks asks to take full control of your screen.'),
  ).toBeVisible();
  // And back: the sharer's answer reaches the helper on the node it reconnected to.
  await sharer.page.getByRole('button', { name: 'Decline' }).click();
  await expect(helper.page.getByRole('main').getByText('Adele Vance declined the request.')).toBeVisible();
  const later = await frames(helper.page, 'Adele Vance');
  await expect.poll(() => frames(helper.page, 'Adele Vance')).toBeGreaterThan(later);
  await expect(helper.page.getByRole('heading', { level: 1, name: 'Connected with Adele Vance.' })).toBeVisible();
  await cluster.node('n1').start();
});

test("a SIGTERM drain of the helper's node ends no session: the helper moves to another node and goes on", async ({
  browser,
}) => {
  const { helper, sharer } = await pairOn(browser, 'n2', 'n3', ROSTER.alex.email, ROSTER.adele.email);
  await startViewing(helper.page, sharer.page, 'Adele Vance');
  expect(await cluster.node('n2').terminate()).toEqual({ code: 0, signal: null });
  await say(helper.page, 'After the drain');
  await expect(sharer.page.getByTestId('chat-text').filter({ hasText: 'After the drain' })).toBeVisible();
  await helper.page.getByRole('button', { name: 'Request full control' }).click();
  await expect(
    sharer.page.getByRole('main').getByText('Alex Rivera asks to take full control of your screen.'),
  ).toBeVisible();
  const atDrain = await frames(helper.page, 'Adele Vance');
  await expect.poll(() => frames(helper.page, 'Adele Vance')).toBeGreaterThan(atDrain);
  await expect(sharer.page.getByRole('heading', { level: 1, name: /^Connected with Alex Rivera/ })).toBeVisible();
  await cluster.node('n2').start();
});
