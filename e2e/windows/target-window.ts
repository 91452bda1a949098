/**
 * The Windows program the helper works in, in the Wine integration test: a top-most window with two buttons
 * (First, Second) and a text field (a Win32 EDIT control). It runs under Wine (Windows Node.js + koffi) and tells
 * the test, over HTTP on 127.0.0.1, what it received: which button was clicked where (the cursor position when
 * Windows reported the click), the field's text read with WM_GETTEXT, and where its controls are on the screen.
 *
 * Usage (under Wine): node.exe target-window.cjs <port>
 */
import { createServer } from 'node:http';
import koffi from 'koffi';

const WS_OVERLAPPED = 0x00000000;
const WS_CAPTION = 0x00c00000;
const WS_VISIBLE = 0x10000000;
const WS_CHILD = 0x40000000;
const WS_BORDER = 0x00800000;
const WS_EX_TOPMOST = 0x00000008;
const ES_AUTOHSCROLL = 0x0080;
const BS_PUSHBUTTON = 0x0000;
const WM_DESTROY = 0x0002;
const WM_GETTEXT = 0x000d;
const WM_GETTEXTLENGTH = 0x000e;
const WM_COMMAND = 0x0111;
const BN_CLICKED = 0;
const PM_REMOVE = 0x0001;
const SW_SHOW = 5;
const IDC_ARROW = 32512;
const COLOR_WINDOW = 5;

const user32 = koffi.load('user32.dll');
const kernel32 = koffi.load('kernel32.dll');

const WndProc = koffi.proto('intptr_t __stdcall WndProc(void *hwnd, uint32_t msg, uintptr_t wParam, intptr_t lParam)');
koffi.struct('WNDCLASSEXW', {
  cbSize: 'uint32_t',
  style: 'uint32_t',
  lpfnWndProc: koffi.pointer(WndProc),
  cbClsExtra: 'int',
  cbWndExtra: 'int',
  hInstance: 'void *',
  hIcon: 'void *',
  hCursor: 'void *',
  hbrBackground: 'intptr_t',
  lpszMenuName: 'const char16_t *',
  lpszClassName: 'const char16_t *',
  hIconSm: 'void *',
});
koffi.struct('TARGET_RECT', { left: 'int32_t', top: 'int32_t', right: 'int32_t', bottom: 'int32_t' });
koffi.struct('TARGET_POINT', { x: 'int32_t', y: 'int32_t' });

const GetModuleHandleW = kernel32.func('void * __stdcall GetModuleHandleW(const char16_t *name)');
const RegisterClassExW = user32.func('uint16_t __stdcall RegisterClassExW(const WNDCLASSEXW *cls)');
const CreateWindowExW = user32.func(
  'void * __stdcall CreateWindowExW(uint32_t exStyle, const char16_t *cls, const char16_t *name, uint32_t style, int x, int y, int w, int h, void *parent, intptr_t menu, void *instance, void *param)',
);
const DefWindowProcW = user32.func(
  'intptr_t __stdcall DefWindowProcW(void *hwnd, uint32_t msg, uintptr_t wParam, intptr_t lParam)',
);
const LoadCursorW = user32.func('void * __stdcall LoadCursorW(void *instance, intptr_t name)');
const ShowWindow = user32.func('bool __stdcall ShowWindow(void *hwnd, int show)');
const SetForegroundWindow = user32.func('bool __stdcall SetForegroundWindow(void *hwnd)');
const PeekMessageW = user32.func(
  'bool __stdcall PeekMessageW(void *msg, void *hwnd, uint32_t min, uint32_t max, uint32_t remove)',
);
const TranslateMessage = user32.func('bool __stdcall TranslateMessage(void *msg)');
const DispatchMessageW = user32.func('intptr_t __stdcall DispatchMessageW(void *msg)');
const SendBufferMessageW = user32.func(
  'intptr_t __stdcall SendMessageW(void *hwnd, uint32_t msg, uintptr_t wParam, void *buffer)',
);
const SendMessageW = user32.func(
  'intptr_t __stdcall SendMessageW(void *hwnd, uint32_t msg, uintptr_t wParam, intptr_t lParam)',
);
const GetWindowRect = user32.func('bool __stdcall GetWindowRect(void *hwnd, _Out_ TARGET_RECT *rect)');
const GetCursorPos = user32.func('bool __stdcall GetCursorPos(_Out_ TARGET_POINT *point)');
const GetForegroundWindow = user32.func('void * __stdcall GetForegroundWindow()');

interface Click {
  id: string;
  x: number;
  y: number;
}
const clicks: Click[] = [];
const BUTTONS: Record<number, string> = { 101: 'first', 102: 'second' };

const wndProc = koffi.register((hwnd: unknown, msg: number, wParam: number | bigint, lParam: number | bigint) => {
  if (msg === WM_COMMAND && Number(BigInt(wParam) >> 16n) === BN_CLICKED) {
    const id = BUTTONS[Number(BigInt(wParam) & 0xffffn)];
    if (id) {
      const point = { x: 0, y: 0 };
      GetCursorPos(point);
      clicks.push({ id, ...point });
    }
    return 0;
  }
  if (msg === WM_DESTROY) process.exit(0);
  return DefWindowProcW(hwnd, msg, wParam, lParam);
}, koffi.pointer(WndProc));

const instance = GetModuleHandleW(null);
const className = 'RemoteHelpTestTarget';
if (
  !RegisterClassExW({
    cbSize: koffi.sizeof('WNDCLASSEXW'),
    style: 0,
    lpfnWndProc: wndProc,
    cbClsExtra: 0,
    cbWndExtra: 0,
    hInstance: instance,
    hIcon: null,
    hCursor: LoadCursorW(null, IDC_ARROW),
    hbrBackground: COLOR_WINDOW + 1,
    lpszMenuName: null,
    lpszClassName: className,
    hIconSm: null,
  })
) {
  throw new Error('RegisterClassExW failed');
}

const window = CreateWindowExW(
  WS_EX_TOPMOST,
  className,
  'Remote Help test target',
  WS_OVERLAPPED | WS_CAPTION | WS_VISIBLE,
  120,
  90,
  1000,
  560,
  null,
  0,
  instance,
  null,
);
if (!window) throw new Error('CreateWindowExW failed');
const child = (cls: string, text: string, style: number, x: number, y: number, w: number, h: number, id: number) =>
  CreateWindowExW(0, cls, text, WS_CHILD | WS_VISIBLE | style, x, y, w, h, window, id, instance, null);
const first = child('BUTTON', 'First', BS_PUSHBUTTON, 60, 60, 240, 100, 101);
const second = child('BUTTON', 'Second', BS_PUSHBUTTON, 620, 60, 240, 100, 102);
const field = child('EDIT', '', WS_BORDER | ES_AUTOHSCROLL, 60, 300, 800, 60, 103);
ShowWindow(window, SW_SHOW);
SetForegroundWindow(window);

// Windows delivers input through the message queue: pump it often, between the event loop's other work.
const msg = Buffer.alloc(48);
setInterval(() => {
  while (PeekMessageW(msg, null, 0, 0, PM_REMOVE)) {
    TranslateMessage(msg);
    DispatchMessageW(msg);
  }
}, 5);

function rectOf(hwnd: unknown) {
  const r = { left: 0, top: 0, right: 0, bottom: 0 };
  GetWindowRect(hwnd, r);
  return { x: r.left, y: r.top, width: r.right - r.left, height: r.bottom - r.top };
}

function fieldText(): string {
  const length = Number(SendMessageW(field, WM_GETTEXTLENGTH, 0, 0));
  const buffer = Buffer.alloc((length + 1) * 2);
  const copied = Number(SendBufferMessageW(field, WM_GETTEXT, length + 1, buffer));
  return buffer.toString('utf16le', 0, copied * 2);
}

const port = Number(process.argv[2]);
createServer((_request, response) => {
  const cursor = { x: 0, y: 0 };
  GetCursorPos(cursor);
  const state = {
    clicks,
    text: fieldText(),
    cursor,
    foreground: GetForegroundWindow() === window,
    first: rectOf(first),
    second: rectOf(second),
    field: rectOf(field),
  };
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(state));
}).listen(port, '127.0.0.1');
