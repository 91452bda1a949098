/**
 * The server enforces negotiation (issue 11, item 5; spec 4.1): requests outside the session's permitted modes and
 * answers to no open request are refused with a code and audited, never relayed, and never reach the reports.
 */
import type { ServerSocketMessage } from '@remote-help/protocol/socket';
import { describe, expect, it } from 'vitest';
import { ROSTER } from '../fixtures/roster.ts';
import { devSignIn } from '../support/dev-sign-in.ts';
import type { TestSocket } from '../support/socket-client.ts';
import { socketTestBed } from '../support/socket-test-bed.ts';

const bed = socketTestBed(['lee', 'alex', 'megan', 'adele']);
const { pair, auditOf } = bed;
const server = () => bed.server();

/** A helper and the sharer, connected and paired. */
async function session(helper: 'lee' | 'alex' | 'megan') {
  const h = await bed.connect(helper);
  const s = await bed.connect('adele');
  const sessionId = await pair(helper, 'adele');
  const event = (socket: TestSocket, e: unknown) =>
    socket.sendRaw(JSON.stringify({ type: 'session.event', sessionId, event: e }));
  return { helper: h, sharer: s, sessionId, event };
}

const isError = (m: ServerSocketMessage) => m.type === 'error';
const isEvent = (m: ServerSocketMessage) => m.type === 'session.event';

async function modesUsed(sessionId: string): Promise<string[]> {
  const res = await fetch(`${server().origin}/api/reports/sessions`, {
    headers: { authorization: `Bearer ${await devSignIn(server().origin, ROSTER.isaiah.email)}` },
  });
  const body = (await res.json()) as { sessions: { sessionId: string; modes: string[] }[] };
  return body.sessions.find((s) => s.sessionId === sessionId)?.modes ?? ['(no such session)'];
}

describe('negotiation the server refuses', () => {
  it('a view-only helper’s request for full control or elevation: refused, audited, not relayed', async () => {
    const { helper, sharer, sessionId, event } = await session('lee');
    event(helper, { type: 'mode.request', mode: 'control' });
    expect(await helper.next(isError)).toMatchObject({ code: 'mode_not_permitted' });
    event(helper, { type: 'elevation.request' });
    expect(await helper.next(isError)).toMatchObject({ code: 'mode_not_permitted' });

    // The sharer hears only what was allowed through: the next request, for view.
    event(helper, { type: 'mode.request', mode: 'view' });
    expect(await sharer.next(isEvent)).toMatchObject({ event: { type: 'mode.request', mode: 'view' } });
    expect((await auditOf(sessionId)).filter((r) => r.type === 'negotiation.refused').map((r) => r.data)).toEqual([
      { sessionId, role: 'helper', event: 'mode.request', mode: 'control', reason: 'mode_not_permitted' },
      { sessionId, role: 'helper', event: 'elevation.request', reason: 'mode_not_permitted' },
    ]);
  });

  it('a sharer’s allow of control and use of elevation in a view-only session: refused; reports never show them', async () => {
    const { helper, sharer, sessionId, event } = await session('lee');
    event(sharer, { type: 'mode.allow', mode: 'control', surface: 'monitor' });
    expect(await sharer.next(isError)).toMatchObject({ code: 'no_pending_request' });
    event(sharer, { type: 'elevation.allow' });
    expect(await sharer.next(isError)).toMatchObject({ code: 'no_pending_request' });
    event(sharer, { type: 'elevation.used' });
    expect(await sharer.next(isError)).toMatchObject({ code: 'no_pending_request' });
    // Asked for view, the sharer cannot answer with more.
    event(helper, { type: 'mode.request', mode: 'view' });
    await sharer.next(isEvent);
    event(sharer, { type: 'mode.allow', mode: 'control', surface: 'monitor' });
    expect(await sharer.next(isError)).toMatchObject({ code: 'no_pending_request' });
    event(sharer, { type: 'mode.allow', mode: 'view', surface: 'monitor' });
    expect(await helper.next(isEvent)).toMatchObject({ event: { type: 'mode.allow', mode: 'view' } });

    const types = (await auditOf(sessionId)).map((r) => r.type);
    expect(types).not.toContain('elevation.used');
    expect(types).not.toContain('elevation.granted');
    expect(types.filter((t) => t === 'mode.granted')).toHaveLength(1);
    expect(await modesUsed(sessionId)).toEqual(['view']);
  });

  it('an answer to no open request: a second allow, a decline after the answer', async () => {
    const { helper, sharer, event } = await session('alex');
    event(helper, { type: 'mode.request', mode: 'control' });
    await sharer.next(isEvent);
    event(sharer, { type: 'mode.allow', mode: 'control', surface: 'monitor' });
    await helper.next(isEvent);
    event(sharer, { type: 'mode.allow', mode: 'control', surface: 'monitor' });
    expect(await sharer.next(isError)).toMatchObject({ code: 'no_pending_request' });
    event(sharer, { type: 'mode.decline', mode: 'control', reason: 'declined' });
    expect(await sharer.next(isError)).toMatchObject({ code: 'no_pending_request' });
    // Elevation is not among this helper's modes, even in full control.
    event(helper, { type: 'elevation.request' });
    expect(await helper.next(isError)).toMatchObject({ code: 'mode_not_permitted' });
  });

  it('lets the whole elevated flow through where it is permitted, and reports it', async () => {
    const { helper, sharer, sessionId, event } = await session('megan');
    event(helper, { type: 'mode.request', mode: 'control' });
    await sharer.next(isEvent);
    event(sharer, { type: 'mode.allow', mode: 'control', surface: 'monitor' });
    await helper.next(isEvent);
    event(helper, { type: 'elevation.request' });
    await sharer.next(isEvent);
    event(sharer, { type: 'elevation.allow' });
    await helper.next(isEvent);
    event(sharer, { type: 'elevation.used' });
    expect(await helper.next(isEvent)).toMatchObject({ event: { type: 'elevation.used' } });
    expect((await auditOf(sessionId)).map((r) => r.type)).not.toContain('negotiation.refused');
    expect(await modesUsed(sessionId)).toEqual(['control', 'elevation']);
  });
});
