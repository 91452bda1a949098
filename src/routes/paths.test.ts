import { describe, expect, it } from 'vitest';
import { appPathOf, enrollLink, enrollTokenOf, joinCodeOf, joinLink, paths } from './paths.ts';

describe('the app’s URLs', () => {
  const origin = 'https://r.example.com';

  it('makes join and enrollment links that open the right screen', () => {
    expect(joinLink('abcd1234', origin)).toBe('https://r.example.com/join?code=abcd1234');
    expect(enrollLink('t/1', origin)).toBe('https://r.example.com/enroll?token=t%2F1');
    expect(paths.session('s 1')).toBe('/sessions/s%201');
  });

  it('reads a link’s code or token, cut to its longest', () => {
    expect(joinCodeOf('abcd1234')).toBe('abcd1234');
    expect(joinCodeOf(['abcd1234', 'other'])).toBe('abcd1234');
    expect(joinCodeOf(undefined)).toBeUndefined();
    expect(joinCodeOf('')).toBeUndefined();
    expect(joinCodeOf('x'.repeat(100))).toHaveLength(64);
    expect(enrollTokenOf('y'.repeat(200))).toHaveLength(128);
  });

  it('opens launched links of this app only', () => {
    expect(appPathOf(new URL('https://r.example.com/join?code=abcd1234'), origin)).toBe('/join?code=abcd1234');
    expect(appPathOf(new URL('https://elsewhere.example.com/join?code=abcd1234'), origin)).toBeUndefined();
  });
});
