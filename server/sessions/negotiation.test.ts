import type { Mode, Role } from '@remote-help/protocol/domain';
import type { SessionEvent } from '@remote-help/protocol/session-negotiation';
import { describe, expect, it } from 'vitest';
import { INITIAL_NEGOTIATION, type NegotiationState, negotiate, parseNegotiation } from './negotiation.ts';

const ALL: Mode[] = ['view', 'control', 'elevation'];

/** Runs events from the start; returns the last outcome and the state before it. */
function run(permitted: Mode[], steps: [Role, SessionEvent][]) {
  let state: NegotiationState = INITIAL_NEGOTIATION;
  let last: ReturnType<typeof negotiate> | undefined;
  for (const [role, event] of steps) {
    last = negotiate(state, role, event, permitted);
    if (last.ok) state = last.state;
  }
  return { last, state };
}

const request = (mode: 'view' | 'control'): [Role, SessionEvent] => ['helper', { type: 'mode.request', mode }];
const allow = (mode: 'view' | 'control'): [Role, SessionEvent] => [
  'sharer',
  { type: 'mode.allow', mode, surface: 'monitor' },
];
const inControl: [Role, SessionEvent][] = [request('control'), allow('control')];

describe('negotiate', () => {
  it('refuses the wrong side', () => {
    expect(run(ALL, [['helper', { type: 'mode.allow', mode: 'view', surface: 'monitor' }]]).last).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
  });

  it.each([
    ['full control in a view-only session', ['view'], [request('control')]],
    ['view in a session that permits nothing', [], [request('view')]],
    [
      'elevation where it is not permitted',
      ['view', 'control'],
      [...inControl, ['helper', { type: 'elevation.request' }]],
    ],
    [
      'elevation outside full control',
      ALL,
      [request('view'), allow('view'), ['helper', { type: 'elevation.request' }]],
    ],
  ] as [string, Mode[], [Role, SessionEvent][]][])('refuses a request for %s', (_, permitted, steps) => {
    expect(run(permitted, steps).last).toMatchObject({ ok: false, code: 'mode_not_permitted' });
  });

  it.each([
    ['an allow with no request', [allow('view')]],
    ['an allow for more than was asked', [request('view'), allow('control')]],
    ['a second allow for one request', [request('view'), allow('view'), allow('view')]],
    ['a decline with no request', [['sharer', { type: 'mode.decline', mode: 'view', reason: 'declined' }]]],
    ['an elevation allow with no request', [...inControl, ['sharer', { type: 'elevation.allow' }]]],
    ['elevation used without a grant', [...inControl, ['sharer', { type: 'elevation.used' }]]],
    [
      'elevation used after going back to view',
      [
        ...inControl,
        ['helper', { type: 'elevation.request' }],
        ['sharer', { type: 'elevation.allow' }],
        ['helper', { type: 'mode.switch', mode: 'view' }],
        ['sharer', { type: 'elevation.used' }],
      ],
    ],
    ['a sign-out with nothing elevated done', [...inControl, ['sharer', { type: 'signout.done' }]]],
    ['an allow after sharing stopped', [request('view'), ['sharer', { type: 'sharing.stopped' }], allow('view')]],
  ] as [string, [Role, SessionEvent][]][])('refuses %s', (_, steps) => {
    expect(run(ALL, steps).last).toMatchObject({ ok: false, code: 'no_pending_request' });
  });

  it('grants what was asked, or view only for a request for control', () => {
    expect(run(ALL, inControl).last).toMatchObject({ ok: true, granted: 'control', state: { mode: 'control' } });
    expect(run(ALL, [request('control'), allow('view')]).last).toMatchObject({
      ok: true,
      granted: 'view',
      state: { mode: 'view', pending: undefined },
    });
  });

  it('goes through elevation: request, allow, use, sign-out', () => {
    const { last, state } = run(ALL, [
      ...inControl,
      ['helper', { type: 'elevation.request' }],
      ['sharer', { type: 'elevation.allow' }],
      ['sharer', { type: 'elevation.used' }],
      ['sharer', { type: 'signout.done' }],
    ]);
    expect(last).toMatchObject({ ok: true });
    expect(state).toEqual({ mode: 'control', elevation: 'granted', elevationUsed: true });
  });

  it('marks a request already open as repeated', () => {
    expect(run(ALL, [request('view'), request('view')]).last).toMatchObject({ ok: true, repeated: true });
    expect(run(ALL, [request('view'), request('control')]).last).toMatchObject({
      ok: true,
      state: { pending: 'control' },
    });
  });

  it('reads a stored state, and starts afresh from none or a damaged one', () => {
    const state: NegotiationState = { mode: 'view', elevation: 'none', elevationUsed: false, pending: 'control' };
    expect(parseNegotiation(JSON.stringify(state))).toEqual(state);
    expect(parseNegotiation(null)).toEqual(INITIAL_NEGOTIATION);
    expect(parseNegotiation('{"mode":"root"}')).toEqual(INITIAL_NEGOTIATION);
  });
});
