/**
 * Typed bindings to the few user32.dll functions the Windows backend and its sign-out use, through koffi. Loaded
 * on first use, so importing this file anywhere but Windows fails only when Windows is asked for.
 */
import koffi from 'koffi';
import type { Rect, Win32Input } from './win32-input.ts';
import { win32Types } from './win32-structs.ts';

export interface Monitor extends Rect {
  primary: boolean;
  /** Windows' name for it, e.g. \\.\DISPLAY1. */
  device: string;
}

export interface Win32Lib {
  /** How many of the inputs Windows accepted (fewer when something blocks them, e.g. an elevated window in front). */
  sendInput(inputs: readonly Win32Input[]): number;
  /** The virtual desktop: the bounding box of every monitor, in physical pixels. */
  virtualScreen(): Rect;
  monitors(): Monitor[];
  lockWorkStation(): boolean;
  exitWindowsEx(flags: number, reason: number): boolean;
}

const SM_XVIRTUALSCREEN = 76;
const SM_YVIRTUALSCREEN = 77;
const SM_CXVIRTUALSCREEN = 78;
const SM_CYVIRTUALSCREEN = 79;
const MONITORINFOF_PRIMARY = 1;
/** (DPI_AWARENESS_CONTEXT)-4: coordinates are physical pixels on every monitor, whatever its scale. */
const DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2 = -4;

function declare() {
  const types = win32Types();
  const user32 = koffi.load('user32.dll');
  const monitorEnumProc = koffi.proto(
    'bool __stdcall MonitorEnumProc(void *monitor, void *dc, RECT *clip, intptr_t data)',
  );
  const optional = <T>(make: () => T): T | null => {
    try {
      return make();
    } catch {
      return null;
    }
  };
  return {
    types,
    SendInput: user32.func('uint32_t __stdcall SendInput(uint32_t count, INPUT *inputs, int size)'),
    GetSystemMetrics: user32.func('int __stdcall GetSystemMetrics(int index)'),
    EnumDisplayMonitors: user32.func(
      'bool __stdcall EnumDisplayMonitors(void *dc, RECT *clip, MonitorEnumProc *callback, intptr_t data)',
    ),
    GetMonitorInfoW: user32.func('bool __stdcall GetMonitorInfoW(void *monitor, _Inout_ MONITORINFOEXW *info)'),
    // Windows 10 1703 and later; older systems have only the process-wide (system DPI) switch.
    SetProcessDpiAwarenessContext: optional(() =>
      user32.func('bool __stdcall SetProcessDpiAwarenessContext(intptr_t context)'),
    ),
    SetProcessDPIAware: user32.func('bool __stdcall SetProcessDPIAware()'),
    LockWorkStation: user32.func('bool __stdcall LockWorkStation()'),
    ExitWindowsEx: user32.func('bool __stdcall ExitWindowsEx(uint32_t flags, uint32_t reason)'),
    monitorEnumProc,
  };
}

let loaded: Win32Lib | null = null;

export function loadWin32(): Win32Lib {
  try {
    loaded ??= bind();
  } catch (e) {
    throw new Error(`Cannot load user32.dll: ${e instanceof Error ? e.message : String(e)}`);
  }
  return loaded;
}

function rectOf(r: { left: number; top: number; right: number; bottom: number }): Rect {
  return { left: r.left, top: r.top, width: r.right - r.left, height: r.bottom - r.top };
}

function bind(): Win32Lib {
  const c = declare();
  // Before any size is read: a DPI-unaware process sees scaled ("logical") pixels and its clicks miss on a 150 % monitor.
  if (!c.SetProcessDpiAwarenessContext?.(DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2)) c.SetProcessDPIAware();
  const inputSize = koffi.sizeof(c.types.INPUT);
  return {
    sendInput: (inputs) => (inputs.length === 0 ? 0 : (c.SendInput(inputs.length, [...inputs], inputSize) as number)),
    virtualScreen: () => ({
      left: c.GetSystemMetrics(SM_XVIRTUALSCREEN) as number,
      top: c.GetSystemMetrics(SM_YVIRTUALSCREEN) as number,
      width: c.GetSystemMetrics(SM_CXVIRTUALSCREEN) as number,
      height: c.GetSystemMetrics(SM_CYVIRTUALSCREEN) as number,
    }),
    monitors() {
      const handles: unknown[] = [];
      c.EnumDisplayMonitors(
        null,
        null,
        (monitor: unknown) => {
          handles.push(monitor);
          return true;
        },
        0,
      );
      const found: Monitor[] = [];
      for (const handle of handles) {
        const info = { cbSize: koffi.sizeof(c.types.MONITORINFOEXW) } as {
          cbSize: number;
          rcMonitor?: { left: number; top: number; right: number; bottom: number };
          dwFlags?: number;
          szDevice?: string;
        };
        if (!c.GetMonitorInfoW(handle, info) || !info.rcMonitor) continue;
        found.push({
          ...rectOf(info.rcMonitor),
          primary: ((info.dwFlags ?? 0) & MONITORINFOF_PRIMARY) !== 0,
          device: info.szDevice ?? '',
        });
      }
      return found;
    },
    lockWorkStation: () => Boolean(c.LockWorkStation()),
    exitWindowsEx: (flags, reason) => Boolean(c.ExitWindowsEx(flags, reason)),
  };
}
