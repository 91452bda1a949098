import { describe, expect, it } from 'vitest';
import { rememberLocation, takeRememberedLocation } from './return-to.ts';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}

describe('where a signed-out person was going', () => {
  it('is kept across the sign-in redirect and taken once', () => {
    const storage = memoryStorage();
    rememberLocation({ pathname: '/join', search: '?code=abcd1234' }, storage);
    expect(takeRememberedLocation(storage)).toBe('/join?code=abcd1234');
    expect(takeRememberedLocation(storage)).toBeUndefined();
  });

  it('forgets an earlier path when the person starts from the root', () => {
    const storage = memoryStorage();
    rememberLocation({ pathname: '/reports', search: '' }, storage);
    rememberLocation({ pathname: '/', search: '' }, storage);
    expect(takeRememberedLocation(storage)).toBeUndefined();
  });

  it('never leads to another origin', () => {
    const storage = memoryStorage();
    for (const path of ['//elsewhere.example', '/\\elsewhere.example', 'https://elsewhere.example/']) {
      storage.setItem('remote-help.return-to', path);
      expect(takeRememberedLocation(storage)).toBeUndefined();
    }
  });
});
