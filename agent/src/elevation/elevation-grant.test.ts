/** The service's own check of a grant before anything reaches the secure desktop. */
import { beforeAll, describe, expect, it } from 'vitest';
import { type GrantFactory, grantFactory } from '../../test-support/grants.ts';
import { makeElevationGrantCheck } from './elevation-grant.ts';

const CONSOLE = 2;
let grants: GrantFactory;
beforeAll(async () => {
  grants = await grantFactory();
});

const check = (console = CONSOLE) =>
  makeElevationGrantCheck({ verifyGrant: grants.verifier, consoleWindowsSession: () => console });

describe('the elevation grant check', () => {
  it('accepts a grant with control and elevation, from the console session, once', async () => {
    const token = await grants.sign();
    const decide = check();
    const first = await decide({ sessionId: 'session-1', token, clientWindowsSession: CONSOLE });
    expect(first).toMatchObject({ ok: true, grant: { sessionId: 'session-1', modes: ['control', 'elevation'] } });
    expect(await decide({ sessionId: 'session-1', token, clientWindowsSession: CONSOLE })).toMatchObject({
      ok: false,
      code: 'grant_reused',
    });
  });

  it('refuses a grant without elevation', async () => {
    const token = await grants.sign({ modes: ['control'] });
    expect(await check()({ sessionId: 'session-1', token, clientWindowsSession: CONSOLE })).toMatchObject({
      ok: false,
      code: 'not_permitted',
    });
  });

  it('refuses a request from a Windows session not at the console, or when nobody is at the console', async () => {
    const token = await grants.sign();
    expect(await check()({ sessionId: 'session-1', token, clientWindowsSession: 3 })).toMatchObject({
      ok: false,
      code: 'wrong_windows_session',
    });
    expect(await check(0xffffffff)({ sessionId: 'session-1', token, clientWindowsSession: CONSOLE })).toMatchObject({
      ok: false,
      code: 'wrong_windows_session',
    });
  });

  it('refuses a grant for another app session, another device, an expired or a forged one', async () => {
    const cases: [Promise<string>, string, string][] = [
      [grants.sign({ sessionId: 'session-2' }), 'session-1', 'grant_invalid'],
      [grants.sign({ device: 'someone-else' }), 'session-1', 'grant_other_device'],
      [grants.sign({ expiresIn: -60 }), 'session-1', 'grant_expired'],
    ];
    for (const [token, sessionId, code] of cases) {
      expect(await check()({ sessionId, token: await token, clientWindowsSession: CONSOLE })).toMatchObject({
        ok: false,
        code,
      });
    }
    const other = await grantFactory();
    expect(
      await check()({ sessionId: 'session-1', token: await other.sign(), clientWindowsSession: CONSOLE }),
    ).toMatchObject({ ok: false, code: 'grant_invalid' });
  });
});
