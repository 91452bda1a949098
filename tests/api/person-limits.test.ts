/**
 * Limits per person, not only per socket (issue 11, item 6): a cap on one person's sockets, a budget for their audited
 * negotiation events across all their sockets, and repeats held back from the other side and the audit log.
 */
import { SOCKET_CLOSE } from '@remote-help/protocol/socket';
import { describe, expect, it } from 'vitest';
import { MAX_SOCKETS_PER_PERSON, PERSON_EVENT_BURST } from '../../server/ws/person-limits.ts';
import { openSocket, type TestSocket } from '../support/socket-client.ts';
import { socketTestBed } from '../support/socket-test-bed.ts';

const bed = socketTestBed(['alex', 'lee', 'adele', 'diego']);
const { pair, connect, tokens, auditOf: auditTypes } = bed;
const server = () => bed.server();

const closeAll = async (sockets: TestSocket[]) => {
  for (const s of sockets) s.ws.close();
  await Promise.all(sockets.map((s) => s.closed));
};

describe('sockets per person', () => {
  it(`accepts ${MAX_SOCKETS_PER_PERSON} sockets for one person, closes the next with a reason, and counts a closed one out`, async () => {
    const sockets: TestSocket[] = [];
    for (let i = 0; i < MAX_SOCKETS_PER_PERSON; i++) sockets.push(await connect('diego'));
    const extra = await openSocket(server().origin);
    extra.sendRaw(JSON.stringify({ type: 'auth', token: tokens.diego }));
    expect(await extra.closed).toEqual({
      code: SOCKET_CLOSE.tooManySockets,
      reason: 'too many connections for one person',
    });
    // Someone else is not affected by Diego's sockets.
    await connect('adele');
    // One closes: there is room again.
    await closeAll(sockets.splice(0, 1));
    sockets.push(await connect('diego'));
    await closeAll(sockets);
  });
});

describe('negotiation events per person', () => {
  it('a budget across all of a person’s sockets: a flood from ten sockets writes no more than the budget', async () => {
    const sharer = await connect('adele');
    const sessionId = await pair('alex', 'adele');
    const helperSockets = await Promise.all(Array.from({ length: 10 }, () => connect('alex')));
    // Alternating requests, so none is a repeat: each would be relayed and audited if the budget allowed it.
    let sent = 0;
    for (const s of helperSockets) {
      for (let i = 0; i < 10; i++, sent++) {
        const mode = sent % 2 === 0 ? 'view' : 'control';
        s.sendRaw(JSON.stringify({ type: 'session.event', sessionId, event: { type: 'mode.request', mode } }));
      }
    }
    // A ping on each socket is answered once everything before it was handled.
    for (const s of helperSockets) s.sendRaw(JSON.stringify({ type: 'ping', id: 1 }));
    await Promise.all(helperSockets.map((s) => s.next((m) => m.type === 'pong')));
    // The sockets past the budget were told so.
    const last = helperSockets.at(-1);
    expect(await last?.next((m) => m.type === 'error')).toMatchObject({ code: 'rate_limited' });
    const requested = async () => (await auditTypes(sessionId)).filter((r) => r.type === 'mode.requested').length;
    expect(sent).toBe(100);
    // The budget's burst (written once the transactions under way finish), and what refilled meanwhile (5 a second).
    await expect.poll(requested).toBeGreaterThanOrEqual(PERSON_EVENT_BURST);
    expect(await requested()).toBeLessThanOrEqual(PERSON_EVENT_BURST + 10);
    await closeAll([sharer, ...helperSockets]);
  });
});

describe('repeats', () => {
  it('the same request again while it is open is relayed and audited once', async () => {
    const helper = await connect('alex');
    const sharer = await connect('adele');
    const sessionId = await pair('alex', 'adele');
    for (let i = 0; i < 12; i++) {
      helper.sendRaw(
        JSON.stringify({ type: 'session.event', sessionId, event: { type: 'mode.request', mode: 'view' } }),
      );
    }
    helper.sendRaw(JSON.stringify({ type: 'ping', id: 2 }));
    await helper.next((m) => m.type === 'pong');
    // The answer is the first thing the sharer hears after the one request.
    expect(await sharer.next((m) => m.type === 'session.event')).toMatchObject({ event: { type: 'mode.request' } });
    sharer.sendRaw(
      JSON.stringify({
        type: 'session.event',
        sessionId,
        event: { type: 'mode.allow', mode: 'view', surface: 'monitor' },
      }),
    );
    expect(await helper.next((m) => m.type === 'session.event')).toMatchObject({ event: { type: 'mode.allow' } });
    sharer.sendRaw(JSON.stringify({ type: 'ping', id: 3 }));
    await sharer.next((m) => m.type === 'pong');
    // Every repeat was handled before the first was relayed (it waits for its audit record): none followed it.
    expect(sharer.queued().filter((m) => m.type === 'session.event')).toEqual([]);
    const types = (await auditTypes(sessionId)).map((r) => r.type);
    expect(types.filter((t) => t === 'mode.requested')).toHaveLength(1);
    await closeAll([helper, sharer]);
  });

  it('the same refused message again is refused each time but audited once', async () => {
    const helper = await connect('lee');
    const sharer = await connect('adele');
    const sessionId = await pair('lee', 'adele');
    for (let i = 0; i < 12; i++) {
      helper.sendRaw(
        JSON.stringify({ type: 'session.event', sessionId, event: { type: 'mode.request', mode: 'control' } }),
      );
    }
    for (let i = 0; i < 12; i++) {
      expect(await helper.next((m) => m.type === 'error')).toMatchObject({ code: 'mode_not_permitted' });
    }
    const refused = (await auditTypes(sessionId)).filter((r) => r.type === 'negotiation.refused');
    expect(refused).toHaveLength(1);
    await closeAll([helper, sharer]);
  });
});
