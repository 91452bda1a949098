import { describe, expect, it } from 'vitest';
import { MAX_SOCKETS_PER_PERSON, PERSON_EVENT_BURST, PERSON_EVENTS_PER_SECOND, PersonLimits } from './person-limits.ts';

describe('PersonLimits', () => {
  it('caps sockets per person and forgets a person with their last socket', () => {
    const limits = new PersonLimits();
    for (let i = 0; i < MAX_SOCKETS_PER_PERSON; i++) expect(limits.open('a')).toBe(true);
    expect(limits.open('a')).toBe(false);
    expect(limits.open('b')).toBe(true);
    for (let i = 0; i < MAX_SOCKETS_PER_PERSON; i++) limits.close('a');
    limits.close('b');
    expect(limits.size).toBe(0);
  });

  it('shares one event budget between a person’s sockets, refilled over time', () => {
    let now = 0;
    const limits = new PersonLimits(() => now);
    limits.open('a');
    limits.open('a');
    const taken = Array.from({ length: PERSON_EVENT_BURST + 5 }, () => limits.takeEvent('a')).filter(Boolean);
    expect(taken).toHaveLength(PERSON_EVENT_BURST);
    now += 1000;
    expect(Array.from({ length: 10 }, () => limits.takeEvent('a')).filter(Boolean)).toHaveLength(
      PERSON_EVENTS_PER_SECOND,
    );
    expect(limits.takeEvent('nobody')).toBe(false);
  });
});
