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
import type { Browser, BrowserContextOptions } from '@playwright/test';
import { ROSTER } from '../tests/fixtures/roster.ts';
import { type Cluster, startCluster } from '../tests/support/cluster.ts';
import { NODE_COOKIE } from '../tests/support/haproxy.ts';
import { expect, test } from './fixtures.ts';
import { enterCode, getSecurityCode, recordCaptures, say, signIn, startViewing } from './people.ts';

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
function on(node: string): BrowserContextOptions {
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
