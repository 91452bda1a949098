/**
 * The Windows backend's own rules, with user32 replaced by a recorder: which INPUT records each call sends, that
 * releases go to what was pressed, and what it refuses. (Under Wine, e2e/windows-control.spec.ts drives the real
 * user32 through the real page.)
 */
import { describe, expect, it } from 'vitest';
import { NotPossibleError, UnsupportedKeyError } from './backend.ts';
import { INPUT_KEYBOARD, KEYEVENTF, MOUSEEVENTF, type Win32Input } from './win32-input.ts';
import type { Monitor, Win32Lib } from './win32-lib.ts';
import { WindowsBackend } from './windows.ts';

const primary: Monitor = { left: 0, top: 0, width: 1920, height: 1080, primary: true, device: '\\\\.\\DISPLAY1' };
const left: Monitor = { left: -1280, top: 0, width: 1280, height: 1024, primary: false, device: '\\\\.\\DISPLAY2' };

function user32(monitors: Monitor[] = [primary]) {
  const sent: Win32Input[][] = [];
  let refuse = false;
  const lib: Win32Lib = {
    sendInput(inputs) {
      sent.push([...inputs]);
      return refuse ? 0 : inputs.length;
    },
    virtualScreen: () => {
      const l = Math.min(...monitors.map((m) => m.left));
      const t = Math.min(...monitors.map((m) => m.top));
      const r = Math.max(...monitors.map((m) => m.left + m.width));
      const b = Math.max(...monitors.map((m) => m.top + m.height));
      return { left: l, top: t, width: r - l, height: b - t };
    },
    monitors: () => monitors,
    lockWorkStation: () => true,
    exitWindowsEx: () => true,
  };
  return { lib, sent, refuseFromNowOn: () => (refuse = true) };
}

const keys = (batch: Win32Input[] | undefined) =>
  (batch ?? []).map((i) => {
    if (i.type !== INPUT_KEYBOARD) throw new Error('expected a key');
    return `${i.u.ki.wScan.toString(16)}${i.u.ki.dwFlags & KEYEVENTF.KEYUP ? '↑' : '↓'}`;
  });

describe('Windows backend', () => {
  it('reports itself and what a user-level program cannot do', () => {
    const backend = WindowsBackend.open({ lib: user32().lib });
    expect(backend.name).toBe('windows');
    expect(backend.capabilities).toEqual({ adminPrompts: false, ctrlAltDelete: false });
    expect(backend.screenSize()).toEqual({ width: 1920, height: 1080 });
  });

  it('moves over the shared monitor: positions are offset by its place on the virtual desktop', async () => {
    const { lib, sent } = user32([primary, left]);
    const backend = WindowsBackend.open({ lib });
    // The primary is shared (nothing said otherwise): its (0,0) is 1280 px into the virtual desktop.
    await backend.movePointer(0, 0);
    // The capture has the left monitor's shape: positions are its pixels, which are negative on the desktop.
    backend.useCaptureSize({ width: 960, height: 768 });
    expect(backend.screenSize()).toEqual({ width: 1280, height: 1024 });
    await backend.movePointer(0, 0);
    const [toPrimary, toLeft] = sent.map(([input]) => (input?.type === 0 ? input.u.mi : null));
    expect(Math.floor(((toPrimary?.dx ?? 0) * 3200) / 65536)).toBe(1280);
    expect(Math.floor(((toLeft?.dx ?? 0) * 3200) / 65536)).toBe(0);
    expect(toLeft?.dwFlags).toBe(MOUSEEVENTF.MOVE | MOUSEEVENTF.ABSOLUTE | MOUSEEVENTF.VIRTUALDESK);
  });

  it('releases exactly the keys and buttons it holds, last pressed first', async () => {
    const { lib, sent } = user32();
    const backend = WindowsBackend.open({ lib });
    await backend.key('ControlLeft', true);
    await backend.key('ShiftLeft', true);
    await backend.button('left', true);
    await backend.releaseAll();
    const release = sent.at(-1) ?? [];
    expect(keys(release.slice(0, 2))).toEqual(['2a↑', '1d↑']);
    expect(release[2]?.type === 0 ? release[2].u.mi.dwFlags : 0).toBe(MOUSEEVENTF.LEFTUP);
    // Nothing is held any more: a second release sends nothing.
    const count = sent.length;
    await backend.releaseAll();
    expect(sent.length).toBe(count);
  });

  it('ignores a key-up for a key it never pressed', async () => {
    const { lib, sent } = user32();
    await WindowsBackend.open({ lib }).key('KeyA', false);
    expect(sent).toEqual([]);
  });

  it('refuses unknown keys and Ctrl+Alt+Del, saying why', async () => {
    const { lib, sent } = user32();
    const backend = WindowsBackend.open({ lib });
    await expect(backend.key('Fn', true)).rejects.toBeInstanceOf(UnsupportedKeyError);
    await expect(backend.combo('ctrlAltDelete')).rejects.toBeInstanceOf(NotPossibleError);
    await expect(backend.combo('ctrlAltDelete')).rejects.toThrow('only the agent installed as a service');
    expect(sent).toEqual([]);
  });

  it('presses the combinations the browser keeps as real key sequences', async () => {
    const { lib, sent } = user32();
    await WindowsBackend.open({ lib }).combo('altTab');
    expect(sent.flatMap(keys)).toEqual(['38↓', 'f↓', 'f↑', '38↑']);
    sent.length = 0;
    await WindowsBackend.open({ lib }).combo('meta');
    expect(sent.flatMap(keys)).toEqual(['5b↓', '5b↑']);
    sent.length = 0;
    await WindowsBackend.open({ lib }).combo('ctrlShiftEscape');
    expect(sent.flatMap(keys)).toEqual(['1d↓', '2a↓', '1↓', '1↑', '2a↑', '1d↑']);
  });

  it('types text in one SendInput call', async () => {
    const { lib, sent } = user32();
    await WindowsBackend.open({ lib }).text('中文👍');
    expect(sent).toHaveLength(1);
    expect(keys(sent[0])).toEqual(['4e2d↓', '4e2d↑', '6587↓', '6587↑', 'd83d↓', 'd83d↑', 'dc4d↓', 'dc4d↑']);
  });

  it('reports input Windows blocked (an administrator window or the secure desktop in front)', async () => {
    const { lib, refuseFromNowOn } = user32();
    const backend = WindowsBackend.open({ lib });
    refuseFromNowOn();
    await expect(backend.button('left', true)).rejects.toThrow('secure desktop');
  });
});
