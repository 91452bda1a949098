import { ROSTER } from '../tests/fixtures/roster.ts';
import { expect, test } from './fixtures.ts';
import { enterCode, getSecurityCode, goHome, signIn } from './people.ts';
import { SERVERS } from './servers.ts';

const { origin } = SERVERS.main;

test('a helper and a sharer pair with a security code and each sees the other', async ({ browser }) => {
  const alex = await signIn(browser, origin, ROSTER.alex.email);
  const adele = await signIn(browser, origin, ROSTER.adele.email);

  const code = await getSecurityCode(alex.page);
  await expect(alex.page.getByText(/Expires in \d+:\d\d/)).toBeVisible();
  // People read codes aloud: capitals, a dash instead of the space, all fine.
  await enterCode(adele.page, code.toUpperCase().replace(' ', '-'));

  await expect(adele.page.getByRole('heading', { name: 'Connected with Alex Rivera' })).toBeVisible();
  const helperCard = adele.page.getByRole('region', { name: 'Helping you' });
  await expect(helperCard).toContainText('Alex Rivera');
  await expect(helperCard).toContainText('IT Support Engineer');
  await expect(helperCard).toContainText('Contoso Ltd.');
  await expect(helperCard).toContainText('contoso.test');
  await expect(helperCard).toContainText('Verified domain');
  await expect(helperCard.getByRole('img', { name: 'Picture of Alex Rivera' })).toBeVisible();

  await expect(alex.page.getByRole('heading', { name: 'Connected with Adele Vance' })).toBeVisible();
  const sharerCard = alex.page.getByRole('region', { name: 'You are helping' });
  await expect(sharerCard).toContainText('Adele Vance');
  await expect(sharerCard).toContainText('Retail Manager');
  await expect(sharerCard).toContainText('Contoso Ltd.');
  await expect(sharerCard).toContainText('Verified domain');
  await expect(alex.page.getByText('Allowed in this session: View only and Full control')).toBeVisible();
});

test('a wrong code is refused with a clear message', async ({ browser }) => {
  const adele = await signIn(browser, origin, ROSTER.adele.email);
  await enterCode(adele.page, 'zzzz zzzz');
  await expect(adele.page.getByRole('alert')).toHaveText(/No such security code/);
  // A code that cannot be a code is caught before it is sent.
  await enterCode(adele.page, 'abc');
  await expect(adele.page.getByRole('alert')).toHaveText('A security code has 8 letters and digits.');
});

test('a used code is refused', async ({ browser }) => {
  const alex = await signIn(browser, origin, ROSTER.alex.email);
  const adele = await signIn(browser, origin, ROSTER.adele.email);
  const diego = await signIn(browser, origin, ROSTER.diego.email);
  const code = await getSecurityCode(alex.page);
  await enterCode(adele.page, code);
  await expect(adele.page.getByRole('heading', { name: 'Connected with Alex Rivera' })).toBeVisible();
  await enterCode(diego.page, code);
  await expect(diego.page.getByRole('alert')).toHaveText(/already been used/);
});

test('a cancelled code is refused', async ({ browser }) => {
  const megan = await signIn(browser, origin, ROSTER.megan.email);
  const adele = await signIn(browser, origin, ROSTER.adele.email);
  const code = await getSecurityCode(megan.page);
  await megan.page.getByRole('button', { name: 'Cancel code' }).click();
  await expect(megan.page.getByText('The code was cancelled.')).toBeVisible();
  await enterCode(adele.page, code);
  await expect(adele.page.getByRole('alert')).toHaveText(/cancelled this security code/);
});

test('someone from another organisation cannot use the code, and learns no more than from an unknown one', async ({
  browser,
}) => {
  const alex = await signIn(browser, origin, ROSTER.alex.email);
  const pat = await signIn(browser, origin, ROSTER.pat.email);
  const code = await getSecurityCode(alex.page);
  await enterCode(pat.page, code);
  // The same words as for a code that exists nowhere: the answer must not tell that it is valid in another tenant.
  await expect(pat.page.getByRole('alert')).toHaveText('No such security code. Check it with the person helping you.');
  await expect(alex.page.getByRole('status', { name: 'Security code' })).toBeVisible();
});

test('only people with a help permission see Give help', async ({ browser }) => {
  const adele = await signIn(browser, origin, ROSTER.adele.email);
  await goHome(adele.page);
  await expect(adele.page.getByRole('button', { name: 'Get help' })).toBeVisible();
  await expect(adele.page.getByRole('button', { name: 'Give help' })).toHaveCount(0);
  const lee = await signIn(browser, origin, ROSTER.lee.email);
  await expect(lee.page.getByRole('button', { name: 'Give help' })).toBeVisible();
});

test('the join link pre-fills the code after sign-in', async ({ browser }) => {
  const lee = await signIn(browser, origin, ROSTER.lee.email);
  await lee.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await getSecurityCode(lee.page);
  await lee.page.getByRole('button', { name: 'Copy join link' }).click();
  await expect(lee.page.getByText('Join link copied.')).toBeVisible();
  const link = await lee.page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/\/join\?code=[0-9a-z]{8}$/);

  const adele = await signIn(browser, origin, ROSTER.adele.email, new URL(link).pathname + new URL(link).search);
  await expect(adele.page.getByLabel('Security code')).toHaveValue(new URL(link).searchParams.get('code') ?? '');
  await adele.page.getByRole('button', { name: 'Submit' }).click();
  await expect(adele.page.getByRole('heading', { name: 'Connected with Lee Park' })).toBeVisible();
  await expect(adele.page.getByText('Allowed in this session: View only')).toBeVisible();
});
