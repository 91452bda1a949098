import type { Page } from '@playwright/test';
import {
  type AssignmentView,
  assignmentsResponseSchema,
  DEFAULT_TENANT_SETTINGS,
  groupViewSchema,
  type RoleView,
  rolesResponseSchema,
} from '@remote-help/protocol/settings';
import { ROSTER } from '../tests/fixtures/roster.ts';
import { adminApi } from './admin-api.ts';
import { expectAccessible } from './axe.ts';
import { expect, test } from './fixtures.ts';
import { enterCode, getSecurityCode, pairUp, signIn } from './people.ts';
import { SERVERS } from './servers.ts';

const origin = SERVERS.main.origin;
const ADMIN = ROSTER.isaiah.email;

async function currentRoles(): Promise<RoleView[]> {
  return rolesResponseSchema.parse(await (await adminApi('GET', '/api/admin/roles')).json()).roles;
}

async function currentAssignments(): Promise<AssignmentView[]> {
  return assignmentsResponseSchema.parse(await (await adminApi('GET', '/api/admin/assignments')).json()).assignments;
}

const sameGrant = (a: AssignmentView, b: AssignmentView) =>
  JSON.stringify([a.roleId, a.principal, a.scope]) === JSON.stringify([b.roleId, b.principal, b.scope]);

let before: { roles: RoleView[]; assignments: AssignmentView[] };

test.beforeEach(async () => {
  before = { roles: await currentRoles(), assignments: await currentAssignments() };
});

// Whatever a test changed goes back, so every other test sees the seeded roles, assignments and settings.
test.afterEach(async () => {
  const now = await currentAssignments();
  for (const a of now.filter((x) => !before.assignments.some((b) => sameGrant(b, x)))) {
    expect((await adminApi('DELETE', `/api/admin/assignments/${a.id}`)).status).toBe(204);
  }
  for (const b of before.assignments.filter((x) => !now.some((a) => sameGrant(a, x)))) {
    const { id: _id, ...input } = b;
    expect((await adminApi('POST', '/api/admin/assignments', input)).status).toBe(201);
  }
  for (const role of (await currentRoles()).filter((r) => !before.roles.some((b) => b.id === r.id))) {
    expect((await adminApi('DELETE', `/api/admin/roles/${role.id}`)).status).toBe(204);
  }
  expect((await adminApi('PUT', '/api/settings', DEFAULT_TENANT_SETTINGS)).status).toBe(200);
});

async function openAdministration(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Administration' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeFocused();
}

function statusSaying(page: Page, text: string) {
  return page.getByRole('status').filter({ hasText: text });
}

test('an administrator removes full control from a helper’s role: the helper’s next session offers view only', async ({
  browser,
}) => {
  const admin = await signIn(browser, origin, ADMIN);
  const page = admin.page;
  await openAdministration(page);

  const create = page.getByRole('form', { name: 'New custom role' });
  await create.getByLabel('Role name').fill('Field support');
  await create.getByLabel('View screen').check();
  await create.getByLabel('Take full control').check();
  await create.getByRole('button', { name: 'Create role' }).click();
  await expect(statusSaying(page, 'Role Field support created.')).toBeVisible();
  const roles = page.getByRole('table', { name: 'Roles and their permissions' });
  const fieldSupport = roles.getByRole('row').filter({ hasText: 'Field support' });
  await expect(fieldSupport.getByRole('cell')).toHaveText([
    'View screen and Take full control',
    'Custom',
    /Edit\s*Delete/,
  ]);
  // Built-in roles can be neither edited nor deleted.
  await expect(roles.getByRole('row').filter({ hasText: 'Screen Viewer' }).getByRole('button')).toHaveCount(0);

  const add = page.getByRole('form', { name: 'Add an assignment' });
  await add.getByRole('combobox', { name: 'Role', exact: true }).selectOption({ label: 'Field support' });
  await add
    .getByRole('combobox', { name: 'Person or group' })
    .selectOption({ label: 'Lee Park (lee.viewer@contoso.test)' });
  await add.getByLabel('All users and devices').check();
  await add.getByRole('button', { name: 'Add assignment' }).click();
  await expect(statusSaying(page, 'Assignment added.')).toBeVisible();
  const assignments = page.getByRole('table', { name: 'Who holds which role, and whom it covers' });
  await expect(assignments.getByRole('row').filter({ hasText: 'Field support' }).getByRole('cell')).toHaveText([
    'Field support',
    'Lee Park',
    'All users and devices',
    'Remove',
  ]);

  // With the new role Lee (otherwise a Screen Viewer) may ask for full control.
  const first = await pairUp(browser, origin, ROSTER.lee.email, ROSTER.adele.email);
  await expect(first.helper.page.getByRole('button', { name: 'Request full control' })).toBeEnabled();
  await first.helper.page.getByRole('button', { name: 'Leave' }).first().click();
  await expect(first.sharer.page.getByRole('main').getByText('Lee Park left the session.')).toBeVisible();

  // A role still assigned cannot be deleted; the refusal says why.
  await fieldSupport.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('alert')).toHaveText('This role is still assigned. Remove its assignments first.');

  await fieldSupport.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('form', { name: 'Edit role Field support' });
  await expect(edit.getByLabel('Take full control')).toBeChecked();
  await edit.getByLabel('Take full control').uncheck();
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(statusSaying(page, 'Role Field support saved. New sessions use it at once.')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(fieldSupport.getByRole('cell').first()).toHaveText('View screen');

  const second = await pairUp(browser, origin, ROSTER.lee.email, ROSTER.adele.email);
  const control = second.helper.page.getByRole('button', { name: 'Request full control' });
  await expect(control).toBeDisabled();
  await expect(control).toHaveAccessibleDescription('Your role does not include this.');
  await expect(second.helper.page.getByRole('button', { name: 'Request screen sharing' })).toBeEnabled();
});

test('a helper scoped to a group helps its members only: someone outside it is refused', async ({ browser }) => {
  const groupName = `Retail ${Date.now()}`;
  const created = await adminApi('POST', '/api/admin/groups', {
    name: groupName,
    members: [ROSTER.adele.email],
  });
  expect(created.status).toBe(201);
  groupViewSchema.parse(await created.json());

  const admin = await signIn(browser, origin, ADMIN);
  const page = admin.page;
  await openAdministration(page);
  const assignments = page.getByRole('table', { name: 'Who holds which role, and whom it covers' });
  // Lee's Screen Viewer role covers everyone; it goes, and Help Desk Operator over the group comes instead.
  const leeEveryone = assignments.getByRole('row').filter({ hasText: 'Lee Park' }).filter({ hasText: 'Screen Viewer' });
  await leeEveryone.getByRole('button', { name: 'Remove' }).click();
  await expect(statusSaying(page, 'Assignment removed.')).toBeVisible();
  await expect(leeEveryone).toHaveCount(0);

  const add = page.getByRole('form', { name: 'Add an assignment' });
  await add.getByRole('combobox', { name: 'Role', exact: true }).selectOption({ label: 'Help Desk Operator' });
  await add
    .getByRole('combobox', { name: 'Person or group' })
    .selectOption({ label: 'Lee Park (lee.viewer@contoso.test)' });
  await add.getByLabel('Chosen groups').check();
  await add.getByRole('group', { name: 'Groups in scope' }).getByLabel(groupName).check();
  await expectAccessible(page, 'Administration');
  await add.getByRole('button', { name: 'Add assignment' }).click();
  await expect(statusSaying(page, 'Assignment added.')).toBeVisible();
  await expect(
    assignments
      .getByRole('row')
      .filter({ hasText: 'Lee Park' })
      .filter({ hasText: 'Help Desk Operator' })
      .getByRole('cell'),
  ).toHaveText(['Help Desk Operator', 'Lee Park', groupName, 'Remove']);

  const lee = await signIn(browser, origin, ROSTER.lee.email);
  const diego = await signIn(browser, origin, ROSTER.diego.email);
  const code = await getSecurityCode(lee.page);
  await enterCode(diego.page, code);
  await expect(diego.page.getByRole('alert')).toHaveText(
    'The person who made this code is not allowed to help you. Ask your IT support for someone who can.',
  );

  // The refusal did not spend the code: Adele, in the group, pairs with it.
  const adele = await signIn(browser, origin, ROSTER.adele.email);
  await enterCode(adele.page, code);
  await expect(adele.page.getByRole('region', { name: 'Helping you' })).toBeVisible();
  await expect(lee.page.getByRole('region', { name: 'You are helping' })).toBeVisible();
  await expect(lee.page.getByRole('button', { name: 'Request full control' })).toBeEnabled();
});

test('settings saved on the page are kept; values the server would refuse are named before sending', async ({
  browser,
}) => {
  const admin = await signIn(browser, origin, ADMIN);
  const page = admin.page;
  await openAdministration(page);
  const settings = page.getByRole('form', { name: 'Settings' });
  await expect(settings.getByLabel('Remote Help is on')).toBeChecked();
  await expectAccessible(page, 'Administration');
  await expect(settings.getByLabel('Disable chat')).not.toBeChecked();
  await expect(settings.getByLabel('Keep audit records and reports for (days)')).toHaveValue('30');

  await settings.getByLabel('Disable chat').check();
  await settings.getByLabel('Idle timeout (minutes)').fill('15');
  const sharers = settings.getByRole('group', { name: 'People getting help' });
  await sharers.getByLabel('Require multifactor sign-in').check();
  await sharers.getByLabel('Allowed address ranges (CIDR)').fill('not a range');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'Some values are not valid. Check the numbers and the address ranges.',
  );

  await sharers.getByLabel('Allowed address ranges (CIDR)').fill('10.0.0.0/8\n127.0.0.0/8\n');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(statusSaying(page, 'Settings saved.')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);

  // The page has its own address: a reload comes back to it.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeVisible();
  const kept = page.getByRole('form', { name: 'Settings' });
  await expect(kept.getByLabel('Disable chat')).toBeChecked();
  await expect(kept.getByLabel('Idle timeout (minutes)')).toHaveValue('15');
  const keptSharers = kept.getByRole('group', { name: 'People getting help' });
  await expect(keptSharers.getByLabel('Require multifactor sign-in')).toBeChecked();
  await expect(keptSharers.getByLabel('Allowed address ranges (CIDR)')).toHaveValue('10.0.0.0/8\n127.0.0.0/8');
  await expect(
    kept.getByRole('group', { name: 'Helpers' }).getByLabel('Require multifactor sign-in'),
  ).not.toBeChecked();
});
