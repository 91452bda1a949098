import { describe, expect, it } from 'vitest';
import { SerialQueue } from './input-queue.ts';

describe('SerialQueue', () => {
  it('runs tasks one at a time, in order', async () => {
    const log: string[] = [];
    const queue = new SerialQueue(() => {});
    const task = (name: string, ms: number) => ({
      run: async () => {
        log.push(`start ${name}`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`end ${name}`);
      },
    });
    queue.push(task('a', 20));
    queue.push(task('b', 0));
    queue.push(task('c', 5));
    await queue.idle();
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('keeps only the latest of waiting coalescible tasks', async () => {
    const ran: number[] = [];
    const queue = new SerialQueue(() => {});
    const move = (n: number) => ({ coalescible: true, run: async () => void ran.push(n) });
    queue.push({ run: () => new Promise((r) => setTimeout(r, 10)) });
    queue.push(move(1));
    queue.push(move(2));
    queue.push({ run: async () => void ran.push(0) });
    queue.push(move(3));
    queue.push(move(4));
    await queue.idle();
    expect(ran).toEqual([2, 0, 4]);
  });

  it('reports a failing task and goes on', async () => {
    const errors: unknown[] = [];
    const ran: string[] = [];
    const queue = new SerialQueue((e) => errors.push(e));
    queue.push({ run: () => Promise.reject(new Error('boom')) });
    queue.push({ run: async () => void ran.push('next') });
    await queue.idle();
    expect(errors).toHaveLength(1);
    expect(ran).toEqual(['next']);
  });

  it('refuses tasks beyond its limit and drops waiting ones on clear', async () => {
    const ran: number[] = [];
    const queue = new SerialQueue(() => {}, 2);
    expect(queue.push({ run: () => new Promise((r) => setTimeout(r, 10)) })).toBe(true);
    expect(queue.push({ run: async () => void ran.push(1) })).toBe(true);
    expect(queue.push({ run: async () => void ran.push(2) })).toBe(true);
    expect(queue.push({ run: async () => void ran.push(3) })).toBe(false);
    queue.clear();
    await queue.idle();
    expect(ran).toEqual([]);
  });
});
