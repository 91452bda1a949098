/**
 * Full control of a Windows sharer, on Linux: the Windows build of the agent (remote-help-agent.exe) runs under
 * Wine on an X display, receives a real grant from the real server through the sharer's real page, and applies the
 * helper's input with SendInput. A Windows program (a window with two buttons and a Win32 EDIT control) reports
 * where the clicks landed and, through WM_GETTEXT, what text arrived. If Wine cannot start, this fails.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_KEY, RUN_VALUE, UNINSTALL_KEY } from '../agent/src/windows-install.ts';
import { readIdentity } from '../scripts/windows-agent/version-resource.ts';
import { ROSTER } from '../tests/fixtures/roster.ts';
import { expect, test } from './fixtures.ts';
import { enterCode, getSecurityCode, signIn } from './people.ts';
import { clickOnRemoteScreen, takeControl } from './remote-screen.ts';
import { SERVERS } from './servers.ts';
import { centre, type TargetState } from './windows-target.ts';
import { startWineDesktop, type WineDesktop } from './wine-desktop.ts';

const ORIGIN = SERVERS.control.origin;
const AGENT_PORT = Number(SERVERS.control.env.AGENT_PORT);
const TARGET_PORT = 47702;
const AGENT_VERSION = (
  JSON.parse(readFileSync(join(import.meta.dirname, '..', 'agent', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

test.describe.configure({ mode: 'serial' });

let desktop: WineDesktop;
test.beforeAll(async () => {
  // Wine's first start of a fresh prefix and the Windows build run side by side: about a minute on two cores.
  test.setTimeout(300_000);
  desktop = await startWineDesktop(94, ORIGIN, AGENT_PORT, TARGET_PORT);
  test.info().annotations.push({ type: 'timings (ms)', description: JSON.stringify(desktop.timings) });
});
test.afterAll(async () => {
  await desktop?.close();
});

test('remote-help-agent.exe reports its version under Wine and carries it in its version resource', async () => {
  const printed = await desktop.wine.run(desktop.exe, ['--version'], 60_000);
  expect(printed.trim()).toBe(AGENT_VERSION);
  const identity = readIdentity(readFileSync(desktop.exe));
  expect(identity).toEqual({
    fileVersion: `${AGENT_VERSION}.0`,
    productVersion: AGENT_VERSION,
    description: 'Remote Help agent',
  });
});

test('the silent install puts the program in Program Files, starts it at sign-in and registers its version; uninstall removes it', async () => {
  test.setTimeout(180_000);
  const { wine, exe } = desktop;
  const installed = join(wine.prefix, 'drive_c', 'Program Files', 'Remote Help Agent', 'remote-help-agent.exe');
  expect(await wine.run(exe, ['--install', '--app', ORIGIN], 120_000)).toContain(
    `Remote Help agent ${AGENT_VERSION} installed.`,
  );
  expect(existsSync(installed)).toBe(true);
  expect((await wine.run(installed, ['--version'], 60_000)).trim()).toBe(AGENT_VERSION);

  const run = await wine.run('reg', ['query', RUN_KEY, '/v', RUN_VALUE], 60_000);
  expect(run).toContain(
    `conhost.exe --headless "C:\\Program Files\\Remote Help Agent\\remote-help-agent.exe" --app ${ORIGIN}`,
  );
  // What an Intune detection rule reads (registry: DisplayVersion; or the file's version).
  const registered = await wine.run('reg', ['query', UNINSTALL_KEY, '/v', 'DisplayVersion'], 60_000);
  expect(registered).toMatch(new RegExp(`DisplayVersion\\s+REG_SZ\\s+${AGENT_VERSION.replaceAll('.', '\\.')}`));
  expect(readIdentity(readFileSync(installed)).fileVersion).toBe(`${AGENT_VERSION}.0`);

  // Installing again (an upgrade) replaces the program and keeps one registration.
  expect(await wine.run(exe, ['--install', '--app', ORIGIN], 120_000)).toContain('installed');

  expect(await wine.run(installed, ['--uninstall'], 120_000)).toContain('removed');
  await expect(wine.run('reg', ['query', UNINSTALL_KEY], 60_000)).rejects.toThrow();
  await expect(wine.run('reg', ['query', RUN_KEY, '/v', RUN_VALUE], 60_000)).rejects.toThrow();
});

test('full control on Windows: clicks land where aimed, text in three scripts arrives exactly, view only applies nothing', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const target = desktop.target;
  const before = await target.state();
  expect(before.clicks).toEqual([]);

  const helper = await signIn(browser, ORIGIN, ROSTER.alex.email);
  const sharer = await signIn(desktop.browser, ORIGIN, ROSTER.diego.email);
  await enterCode(sharer.page, await getSecurityCode(helper.page));
  await expect(sharer.page.getByText('Control agent: connected')).toBeVisible();
  await takeControl(helper.page, sharer.page, 'Diego Santos');

  // A click lands on the First button, within 8 px of where the helper aimed.
  const first = centre(before.first);
  await clickOnRemoteScreen(helper.page, 'Diego Santos', first);
  await expect.poll(async () => (await target.state()).clicks).toHaveLength(1);
  const [click] = (await target.state()).clicks;
  expect(click?.id).toBe('first');
  const missBy = { x: Math.abs((click?.x ?? 0) - first.x), y: Math.abs((click?.y ?? 0) - first.y) };
  test.info().annotations.push({ type: 'click accuracy (px)', description: JSON.stringify(missBy) });
  expect(missBy.x).toBeLessThanOrEqual(8);
  expect(missBy.y).toBeLessThanOrEqual(8);

  // Text in three scripts arrives in the EDIT control exactly, read back with WM_GETTEXT.
  await clickOnRemoteScreen(helper.page, 'Diego Santos', centre(before.field));
  const typed = 'héllo 中文 مرحبا';
  await helper.page.keyboard.type(typed);
  await expect.poll(async () => (await target.state()).text).toBe(typed);

  // After Switch to view only, the helper's clicks and typing change nothing…
  await helper.page.getByRole('button', { name: 'Switch to view only' }).click();
  await expect(helper.page.getByText('Mode: View only')).toBeVisible();
  await clickOnRemoteScreen(helper.page, 'Diego Santos', first);
  await helper.page.keyboard.type('more');
  // …which shows once control is back: the next click arrives, and nothing from view only came before it.
  await takeControl(helper.page, sharer.page, 'Diego Santos');
  await clickOnRemoteScreen(helper.page, 'Diego Santos', centre(before.second));
  await expect.poll(async () => (await target.state()).clicks.map((c) => c.id)).toEqual(['first', 'second']);
  const after: TargetState = await target.state();
  expect(after.text).toBe(typed);

  // The agent logs in the Windows user's temp folder, as the product it replaces does.
  expect(desktop.agentLog()).toMatch(/grant \S+ accepted: session/);

  // Both sides are told plainly what a user-level agent on Windows cannot do.
  await expect(
    sharer.page.getByText(
      'Administrator prompts (UAC) appear on a secure screen that the agent on this computer cannot reach: your helper sees them but cannot answer them, so you answer them yourself.',
    ),
  ).toBeVisible();
  // The helper's hints sit behind the toolbar's Keyboard and mouse button, so the picture keeps the room.
  await helper.page.getByRole('button', { name: 'Keyboard and mouse' }).click();
  await expect(
    helper.page.getByText(
      'Administrator prompts on the computer of Diego Santos appear on a secure screen its agent cannot reach: Diego Santos answers them.',
    ),
  ).toBeVisible();
  await helper.page.keyboard.press('Alt+Space');
  const menu = helper.page.getByRole('dialog', { name: 'Menu' });
  const ctrlAltDelete = menu.getByRole('button', { name: 'Send Ctrl+Alt+Del' });
  await expect(ctrlAltDelete).toBeDisabled();
  await expect(ctrlAltDelete).toHaveAccessibleDescription(
    'Ctrl+Alt+Del cannot be sent: Windows accepts it only from a service, and the agent of Diego Santos runs as an ordinary program.',
  );
  await expect(menu.getByRole('button', { name: 'Send Alt+Tab' })).toBeEnabled();
});
