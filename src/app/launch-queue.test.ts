import { describe, expect, it } from 'vitest';
import { onLaunch } from './launch-queue.ts';

describe('links opened in the running app', () => {
  it('passes each launch’s address to the app, ignoring launches without one', () => {
    let consumer: ((params: { targetURL?: string }) => void) | undefined;
    const opened: string[] = [];
    onLaunch((url) => opened.push(url.href), { launchQueue: { setConsumer: (c) => (consumer = c) } });
    consumer?.({ targetURL: 'https://remotehelp.example.com/join?code=abcd1234' });
    consumer?.({});
    expect(opened).toEqual(['https://remotehelp.example.com/join?code=abcd1234']);
  });

  it('does nothing where the browser has no launch queue', () => {
    expect(() => onLaunch(() => undefined, {})).not.toThrow();
  });
});
