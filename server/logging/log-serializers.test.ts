import { describe, expect, it } from 'vitest';
import { REDACTED, redactUrl } from './log-serializers.ts';

describe('redactUrl', () => {
  it.each([
    ['/join?code=abcd2345', `/join?code=${REDACTED}`],
    ['/enroll?token=t0k3n&lang=de', `/enroll?token=${REDACTED}&lang=de`],
    ['/?code=oauth&state=s1', `/?code=${REDACTED}&state=${REDACTED}`],
    ['/join?CODE=abcd2345', `/join?CODE=${REDACTED}`],
    ['/join?%63ode=abcd2345', `/join?%63ode=${REDACTED}`],
    ['/join?%zz=abcd2345', `/join?%zz=${REDACTED}`],
    ['/api/codes/abcd2345', `/api/codes/${REDACTED}`],
    ['/api/codes/abcd2345?x=1', `/api/codes/${REDACTED}?x=1`],
  ])('%s → %s', (url, expected) => expect(redactUrl(url)).toBe(expected));

  it.each(['/api/codes/redeem', '/api/codes', '/api/me', '/reports?from=2024-01-01', '/join'])(
    'leaves %s alone',
    (url) => expect(redactUrl(url)).toBe(url),
  );
});
