import { describe, expect, it } from 'vitest';
import type { ChatEntry } from './chat-thread.ts';
import { latestReceived } from './latest-received.ts';

const entry = (id: string, mine: boolean): ChatEntry => ({ id, mine, text: id, sentAt: 0, state: 'delivered' });

describe('the latest messages received', () => {
  it('keeps the other person’s last few, oldest first, and none of one’s own', () => {
    const entries = [entry('a', false), entry('b', true), entry('c', false), entry('d', false), entry('e', true)];
    expect(latestReceived(entries, 2).map((e) => e.id)).toEqual(['c', 'd']);
    expect(latestReceived(entries, 5).map((e) => e.id)).toEqual(['a', 'c', 'd']);
    expect(latestReceived(entries, 0)).toEqual([]);
    expect(latestReceived([entry('x', true)], 3)).toEqual([]);
  });
});
