import { describe, expect, it } from 'vitest';
import { ENDED_SESSION_MEMORY_MS, GrantMemory, MAX_REMEMBERED } from './grant-memory.ts';
import type { VerifiedGrant } from './grant-verifier.ts';

const grant = (grantId: string, sessionId = 's1', expiresAt = 60_000): VerifiedGrant => ({
  grantId,
  sessionId,
  modes: ['control'],
  expiresAt,
});

describe('grant memory', () => {
  it('refuses a grant used before and any grant of an ended session, each with its reason', () => {
    const memory = new GrantMemory();
    expect(memory.check(grant('g1'), 0)).toEqual({ ok: true });
    memory.accepted(grant('g1'), 0);
    expect(memory.check(grant('g1'), 1)).toMatchObject({ ok: false, code: 'grant_replayed' });
    memory.sessionEnded('s1', 2);
    expect(memory.check(grant('g2'), 3)).toMatchObject({ ok: false, code: 'session_ended' });
    expect(memory.check(grant('g3', 's2'), 3)).toEqual({ ok: true });
  });

  it('forgets a used grant once it would have expired, and an ended session after its memory runs out', () => {
    const memory = new GrantMemory();
    memory.accepted(grant('g1', 's1', 60_000), 0);
    memory.sessionEnded('s2', 0);
    expect(memory.check(grant('g1', 's1', 60_000), 60_001)).toEqual({ ok: true });
    expect(memory.check(grant('g9', 's2'), ENDED_SESSION_MEMORY_MS - 1)).toMatchObject({ code: 'session_ended' });
    expect(memory.check(grant('g9', 's2'), ENDED_SESSION_MEMORY_MS + 1)).toEqual({ ok: true });
    expect(memory.size()).toBe(0);
  });

  it('holds a bounded number of entries whatever a page sends', () => {
    const memory = new GrantMemory();
    for (let i = 0; i < MAX_REMEMBERED + 500; i++) {
      memory.accepted(grant(`g${i}`), 0);
      memory.sessionEnded(`s${i}`, 0);
    }
    expect(memory.size()).toBe(2 * MAX_REMEMBERED);
    // The newest are the ones kept.
    expect(memory.check(grant(`g${MAX_REMEMBERED + 499}`, 'other'), 1)).toMatchObject({ code: 'grant_replayed' });
  });
});
