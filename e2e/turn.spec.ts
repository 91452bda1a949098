/**
 * Media and chat through the organisation's TURN relay only (ICE_TRANSPORT_POLICY=relay), over UDP and over TCP, with
 * a real coturn and the short-lived credentials the server mints; and the clear error when the relay refuses them.
 */

import type { Browser, Page } from '@playwright/test';
import { ROSTER } from '../tests/fixtures/roster.ts';
import { expect, test } from './fixtures.ts';
import { enterCode, getSecurityCode, pairUp, say, signIn, startViewing } from './people.ts';
import { startAppServer, startTurnServer } from './relay.ts';

const SECRET = 'relay-test-secret';

/** Keeps the page's peer connections (from the test's side; the app is unchanged), so their route can be read. */
const KEEP_PEER_CONNECTIONS = () => {
  const w = window as unknown as { peerConnections: RTCPeerConnection[] };
  w.peerConnections = [];
  const Original = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Original {
    constructor(config?: RTCConfiguration) {
      super(config);
      w.peerConnections.push(this);
    }
  };
};

/** The candidate types (host, srflx, relay) on both ends of the route each connected peer connection uses. */
function routes(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { peerConnections: RTCPeerConnection[] }).peerConnections;
    const found: string[] = [];
    for (const pc of pcs.filter((p) => p.connectionState === 'connected')) {
      const stats = [...(await pc.getStats()).values()] as Record<string, string>[];
      const transport = stats.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
      const pair = stats.find((s) => s.id === transport?.selectedCandidatePairId);
      const type = (id: string | undefined) => stats.find((s) => s.id === id)?.candidateType;
      found.push(`${type(pair?.localCandidateId)}-${type(pair?.remoteCandidateId)}`);
    }
    return found;
  });
}

/** Signs both in with their peer connections kept, and pairs them with a code. */
async function pairKeepingConnections(origin: string, browser: Browser) {
  const people = [];
  for (const email of [ROSTER.alex.email, ROSTER.adele.email]) {
    const person = await signIn(browser, origin, email);
    await person.context.addInitScript(KEEP_PEER_CONNECTIONS);
    await person.page.reload();
    await expect(person.page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    people.push(person);
  }
  const [helper, sharer] = people as [(typeof people)[0], (typeof people)[0]];
  await enterCode(sharer.page, await getSecurityCode(helper.page));
  await expect(helper.page.getByRole('region', { name: 'You are helping' })).toBeVisible();
  return { helper, sharer };
}

for (const transport of ['udp', 'tcp'] as const) {
  test(`video and chat flow through the relay alone over ${transport.toUpperCase()}`, async ({ browser }) => {
    const turn = await startTurnServer(SECRET);
    const app = await startAppServer({
      ICE_SERVERS: JSON.stringify([{ urls: `${turn.origin}?transport=${transport}` }]),
      TURN_SECRET: SECRET,
      ICE_TRANSPORT_POLICY: 'relay',
    });
    try {
      const { helper, sharer } = await pairKeepingConnections(app.origin, browser);
      await startViewing(helper.page, sharer.page, 'Adele Vance');
      // Both browsers on one machine would take the direct loopback route if allowed; the policy leaves only the relay.
      for (const page of [helper.page, sharer.page]) expect(await routes(page)).toEqual(['relay-relay']);
      await say(helper.page, 'Через ретранслятор 👋');
      await expect(sharer.page.getByRole('log', { name: 'Chat' }).getByTestId('chat-text')).toHaveText([
        'Через ретранслятор 👋',
      ]);
      // The relay knew both people by the server's short-lived credentials ("expiry:user id") and relayed for them.
      const bound = turn.output().match(/user <\d+:[0-9a-f-]+>: incoming packet CHANNEL_BIND processed, success/g);
      expect(new Set(bound?.map((line) => line.split('>')[0])).size).toBe(2);
      for (const page of [helper.page, sharer.page]) await expect(page.getByRole('alert')).toHaveCount(0);
    } finally {
      await app.stop();
      await turn.stop();
    }
  });
}

test('when the relay refuses the credentials, both people are told why instead of waiting for a picture', async ({
  browser,
}) => {
  const turn = await startTurnServer(SECRET);
  // The server signs with a secret the relay does not share: every allocation is refused, as with expired ones.
  const app = await startAppServer({
    ICE_SERVERS: JSON.stringify([{ urls: `${turn.origin}?transport=udp` }]),
    TURN_SECRET: 'a-rotated-secret-the-relay-does-not-know',
    ICE_TRANSPORT_POLICY: 'relay',
  });
  try {
    const { helper, sharer } = await pairUp(browser, app.origin, ROSTER.alex.email, ROSTER.adele.email);
    const refused =
      "The organisation's relay server refused this connection, so the screen cannot be shared. Ask your IT administrator to check the TURN settings.";
    await expect(sharer.page.getByRole('alert')).toHaveText(refused);
    await expect(helper.page.getByRole('alert')).toHaveText(refused);
  } finally {
    await app.stop();
    await turn.stop();
  }
});
