import { describe, expect, it } from 'vitest';
import type { VerifiedGrant } from './grant-verifier.ts';
import { InputGate } from './input-gate.ts';

const NOW = 1_700_000_000_000;

function grant(overrides: Partial<VerifiedGrant> = {}): VerifiedGrant {
  return { sessionId: 's1', modes: ['control'], expiresAt: NOW + 60_000, grantId: 'g1', ...overrides };
}

function controlling(overrides: Partial<VerifiedGrant> = {}): InputGate {
  const gate = new InputGate();
  gate.setGrant(grant(overrides));
  gate.setMode('s1', 'control');
  return gate;
}

describe('InputGate.check', () => {
  it('allows input for the granted session in control mode', () => {
    expect(controlling().check('s1', NOW)).toEqual({ ok: true });
  });

  it('refuses without a grant', () => {
    const gate = new InputGate();
    gate.setMode('s1', 'control');
    expect(gate.check('s1', NOW)).toMatchObject({ ok: false, code: 'no_grant' });
  });

  it('refuses input for another session', () => {
    const gate = controlling();
    gate.setMode('s2', 'control');
    expect(gate.check('s2', NOW)).toMatchObject({ ok: false, code: 'other_session' });
  });

  it('refuses once the grant has expired', () => {
    const gate = controlling();
    expect(gate.check('s1', NOW + 59_999)).toEqual({ ok: true });
    expect(gate.check('s1', NOW + 60_000)).toMatchObject({ ok: false, code: 'grant_expired' });
  });

  it('refuses when the grant does not include control', () => {
    expect(controlling({ modes: ['view'] }).check('s1', NOW)).toMatchObject({ ok: false, code: 'not_permitted' });
  });

  it('refuses unless the session is in control mode', () => {
    const gate = new InputGate();
    gate.setGrant(grant());
    expect(gate.check('s1', NOW)).toMatchObject({ ok: false, code: 'not_in_control' });
    gate.setMode('s1', 'view');
    expect(gate.check('s1', NOW)).toMatchObject({ ok: false, code: 'not_in_control' });
    gate.setMode('s1', 'control');
    expect(gate.check('s1', NOW)).toEqual({ ok: true });
    gate.setMode('s1', 'view');
    expect(gate.check('s1', NOW)).toMatchObject({ ok: false, code: 'not_in_control' });
  });

  it('does not carry one session’s mode over to another', () => {
    const gate = controlling();
    gate.setGrant(grant({ sessionId: 's2' }));
    expect(gate.check('s2', NOW)).toMatchObject({ ok: false, code: 'not_in_control' });
  });

  it('forgets the grant on agent.end for its session only', () => {
    const gate = controlling();
    expect(gate.end('other')).toBe(false);
    expect(gate.check('s1', NOW)).toEqual({ ok: true });
    expect(gate.end('s1')).toBe(true);
    expect(gate.check('s1', NOW)).toMatchObject({ ok: false, code: 'no_grant' });
  });

  it('starts from nothing after reset', () => {
    const gate = controlling();
    gate.reset();
    expect(gate.check('s1', NOW)).toMatchObject({ ok: false, code: 'no_grant' });
  });
});

describe('elevated use and sign-out', () => {
  it('reports elevated use once per session, only under an elevation grant', () => {
    const plain = controlling();
    expect(plain.markApplied('s1')).toBe(false);
    expect(plain.elevationUsed('s1')).toBe(false);

    const elevated = controlling({ modes: ['control', 'elevation'] });
    expect(elevated.markApplied('s1')).toBe(true);
    expect(elevated.markApplied('s1')).toBe(false);
    // A renewed grant for the same session does not announce it again.
    elevated.setGrant(grant({ modes: ['control', 'elevation'], grantId: 'g2' }));
    expect(elevated.markApplied('s1')).toBe(false);
    expect(elevated.elevationUsed('s1')).toBe(true);
  });

  it('refuses sign-out before elevated input, with the reason', () => {
    expect(new InputGate().checkSignOut('s1')).toMatchObject({ ok: false, code: 'no_grant' });
    const gate = controlling({ modes: ['control', 'elevation'] });
    expect(gate.checkSignOut('s2')).toMatchObject({ ok: false, code: 'other_session' });
    expect(gate.checkSignOut('s1')).toMatchObject({ ok: false, code: 'not_permitted' });
    gate.markApplied('s1');
    expect(gate.checkSignOut('s2')).toMatchObject({ ok: false, code: 'other_session' });
    expect(gate.checkSignOut('s1')).toEqual({ ok: true });
  });

  it('keeps sign-out possible after the grant ends or the page reconnects, until it has run', () => {
    const gate = controlling({ modes: ['control', 'elevation'] });
    gate.markApplied('s1');
    gate.end('s1');
    gate.reset();
    expect(gate.checkSignOut('s1')).toEqual({ ok: true });
    gate.signedOut('s1');
    expect(gate.checkSignOut('s1')).toMatchObject({ ok: false, code: 'no_grant' });
  });
});
