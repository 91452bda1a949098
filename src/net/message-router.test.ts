import { describe, expect, it } from 'vitest';
import { makeMessageRouter } from './message-router.ts';

type Message = { type: 'a'; n: number } | { type: 'b'; s: string };

describe('message router', () => {
  it('hands each message only to the handlers of its type', () => {
    const router = makeMessageRouter<Message>();
    const as: number[] = [];
    const bs: string[] = [];
    router.on('a', (m) => as.push(m.n));
    router.on('b', (m) => bs.push(m.s));
    router.dispatch({ type: 'a', n: 1 });
    router.dispatch({ type: 'b', s: 'x' });
    router.dispatch({ type: 'a', n: 2 });
    expect(as).toEqual([1, 2]);
    expect(bs).toEqual(['x']);
  });

  it('stops a handler, also one that stops itself while a message is handed out', () => {
    const router = makeMessageRouter<Message>();
    const seen: string[] = [];
    const offFirst = router.on('a', () => {
      seen.push('first');
      offFirst();
    });
    router.on('a', () => seen.push('second'));
    expect(router.size()).toBe(2);
    router.dispatch({ type: 'a', n: 1 });
    router.dispatch({ type: 'a', n: 2 });
    expect(seen).toEqual(['first', 'second', 'second']);
    offFirst();
    expect(router.size()).toBe(1);
  });
});
