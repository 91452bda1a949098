/**
 * The Win32 structures the Windows backend passes through koffi, declared with fixed-width types (LONG is 32 bits
 * on Windows but 64 on Linux, so never 'long'), so their x64 layout is the same wherever they are declared and is
 * checked by unit tests on Linux: sizeof(INPUT) must be 40, or SendInput rejects every call.
 */
import koffi from 'koffi';

function declare() {
  const MOUSEINPUT = koffi.struct('MOUSEINPUT', {
    dx: 'int32_t',
    dy: 'int32_t',
    mouseData: 'uint32_t',
    dwFlags: 'uint32_t',
    time: 'uint32_t',
    dwExtraInfo: 'uintptr_t',
  });
  const KEYBDINPUT = koffi.struct('KEYBDINPUT', {
    wVk: 'uint16_t',
    wScan: 'uint16_t',
    dwFlags: 'uint32_t',
    time: 'uint32_t',
    dwExtraInfo: 'uintptr_t',
  });
  const HARDWAREINPUT = koffi.struct('HARDWAREINPUT', {
    uMsg: 'uint32_t',
    wParamL: 'uint16_t',
    wParamH: 'uint16_t',
  });
  const INPUT_UNION = koffi.union('INPUT_UNION', { mi: MOUSEINPUT, ki: KEYBDINPUT, hi: HARDWAREINPUT });
  const INPUT = koffi.struct('INPUT', { type: 'uint32_t', u: INPUT_UNION });
  const RECT = koffi.struct('RECT', { left: 'int32_t', top: 'int32_t', right: 'int32_t', bottom: 'int32_t' });
  const MONITORINFOEXW = koffi.struct('MONITORINFOEXW', {
    cbSize: 'uint32_t',
    rcMonitor: RECT,
    rcWork: RECT,
    dwFlags: 'uint32_t',
    szDevice: koffi.array('char16_t', 32, 'String'),
  });
  return { MOUSEINPUT, KEYBDINPUT, HARDWAREINPUT, INPUT_UNION, INPUT, RECT, MONITORINFOEXW };
}

export type Win32Types = ReturnType<typeof declare>;

let types: Win32Types | null = null;

/** Declared once per process: koffi keeps named types in one registry. */
export function win32Types(): Win32Types {
  types ??= declare();
  return types;
}
