import { ROSTER } from '../tests/fixtures/roster.ts';
import { expect, test } from './fixtures.ts';
import { enterCode, getSecurityCode, signIn } from './people.ts';
import { SERVERS } from './servers.ts';

// This server gives codes a 4-second life and has lock-out counters no other test touches.
const { origin } = SERVERS.shortCodes;

test('an expired code is refused', async ({ browser }) => {
  const alex = await signIn(browser, origin, ROSTER.alex.email);
  const adele = await signIn(browser, origin, ROSTER.adele.email);
  const code = await getSecurityCode(alex.page);
  await expect(alex.page.getByRole('alert')).toHaveText('This code has expired. Get a new one.');
  await enterCode(adele.page, code);
  await expect(adele.page.getByRole('alert')).toHaveText(/has expired/);
});

test('five wrong codes lock the person out, even from a good code', async ({ browser }) => {
  const diego = await signIn(browser, origin, ROSTER.diego.email);
  const wrong = ['aaaa aaaa', 'bbbb bbbb', 'cccc cccc', 'dddd dddd'];
  for (const code of wrong) {
    await enterCode(diego.page, code);
    await expect(diego.page.getByRole('alert')).toHaveText(/No such security code/);
  }
  await enterCode(diego.page, 'eeee eeee');
  await expect(diego.page.getByRole('alert')).toHaveText(/Too many wrong security codes/);

  const megan = await signIn(browser, origin, ROSTER.megan.email);
  const good = await getSecurityCode(megan.page);
  await diego.page.getByLabel('Security code').fill(good);
  await diego.page.getByRole('button', { name: 'Submit' }).click();
  await expect(diego.page.getByRole('alert')).toHaveText(/Too many wrong security codes/);
  await expect(diego.page.getByRole('heading', { name: /Connected with/ })).toHaveCount(0);
});
