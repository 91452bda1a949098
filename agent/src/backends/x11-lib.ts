/**
 * Typed bindings to the few Xlib and XTest functions the X11 backend (and its test) use, through koffi.
 * Loaded on first use, so importing this file on a machine without X libraries fails only when X is asked for.
 * Every function takes the Display pointer as koffi returned it; callers treat it as opaque.
 */
import koffi from 'koffi';

/** An open connection to an X server (Xlib's Display *), opaque to JavaScript. */
export type DisplayPointer = { readonly __brand: 'Display *' };

export interface KeyboardMappingReply {
  minKeycode: number;
  keysymsPerKeycode: number;
  /** keysyms[(keycode - minKeycode) * keysymsPerKeycode + column]; 0 is NoSymbol. */
  keysyms: number[];
}

export interface X11Lib {
  openDisplay(name: string): DisplayPointer | null;
  closeDisplay(display: DisplayPointer): void;
  defaultScreen(display: DisplayPointer): number;
  rootWindow(display: DisplayPointer, screen: number): number;
  /** Width and height of a window, asked of the server (so always current, unlike XDisplayWidth). */
  windowSize(display: DisplayPointer, window: number): { width: number; height: number } | null;
  hasXTest(display: DisplayPointer): boolean;
  fakeMotion(display: DisplayPointer, screen: number, x: number, y: number): void;
  fakeButton(display: DisplayPointer, button: number, down: boolean): void;
  fakeKey(display: DisplayPointer, keycode: number, down: boolean): void;
  keycodeRange(display: DisplayPointer): { min: number; max: number };
  keyboardMapping(display: DisplayPointer, first: number, count: number): KeyboardMappingReply;
  changeKeyboardMapping(display: DisplayPointer, keycode: number, keysyms: readonly number[]): void;
  /** The effective XKB group (0-3): which of the configured layouts is active. */
  keyboardGroup(display: DisplayPointer): number;
  queryPointer(display: DisplayPointer, root: number): { x: number; y: number } | null;
  /** Xlib's 32-byte bit vector of the keys that are down. */
  queryKeymap(display: DisplayPointer): Uint8Array;
  sync(display: DisplayPointer): void;
  /**
   * The X protocol errors reported since the last call, cleared. Xlib's default handler would end the whole
   * process on the first error (a BadValue from a bad keycode, say); the agent reports them as failed input.
   */
  takeErrors(): string[];
}

const XKB_USE_CORE_KBD = 0x0100;

/** Names of the core protocol errors most likely here, for readable messages. */
const ERROR_NAMES: Readonly<Record<number, string>> = {
  1: 'BadRequest',
  2: 'BadValue',
  3: 'BadWindow',
  8: 'BadMatch',
  10: 'BadAccess',
  11: 'BadAlloc',
};

let loaded: X11Lib | null = null;

export function loadX11(): X11Lib {
  try {
    loaded ??= bind();
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw new Error(
      `Cannot load the X11 libraries (install libx11-6 and libxtst6 or your system's equivalent): ${detail}`,
    );
  }
  return loaded;
}

/** Declares the C functions; kept apart from the wrappers so each signature is in one place. */
function declare() {
  const x11 = koffi.load('libX11.so.6');
  const xtst = koffi.load('libXtst.so.6');
  const displayPointer = koffi.pointer('DisplayPointer', koffi.opaque('Display'));
  const xkbState = koffi.struct('XkbStateRec', {
    group: 'uint8',
    locked_group: 'uint8',
    base_group: 'uint16',
    latched_group: 'uint16',
    mods: 'uint8',
    base_mods: 'uint8',
    latched_mods: 'uint8',
    locked_mods: 'uint8',
    compat_state: 'uint8',
    grab_mods: 'uint8',
    compat_grab_mods: 'uint8',
    lookup_mods: 'uint8',
    compat_lookup_mods: 'uint8',
    ptr_buttons: 'uint16',
  });
  const errorEvent = koffi.struct('XErrorEvent', {
    type: 'int',
    display: 'void *',
    resourceid: 'unsigned long',
    serial: 'unsigned long',
    error_code: 'uint8',
    request_code: 'uint8',
    minor_code: 'uint8',
  });
  koffi.proto('int XErrorHandler(void *display, void *event)');
  return {
    displayPointer,
    xkbState,
    errorEvent,
    XOpenDisplay: x11.func('DisplayPointer XOpenDisplay(const char *name)'),
    XCloseDisplay: x11.func('int XCloseDisplay(DisplayPointer display)'),
    XDefaultScreen: x11.func('int XDefaultScreen(DisplayPointer display)'),
    XRootWindow: x11.func('unsigned long XRootWindow(DisplayPointer display, int screen)'),
    XGetGeometry: x11.func(
      'int XGetGeometry(DisplayPointer display, unsigned long drawable, _Out_ unsigned long *root, _Out_ int *x, _Out_ int *y, _Out_ unsigned int *width, _Out_ unsigned int *height, _Out_ unsigned int *border, _Out_ unsigned int *depth)',
    ),
    XDisplayKeycodes: x11.func('int XDisplayKeycodes(DisplayPointer display, _Out_ int *min, _Out_ int *max)'),
    XGetKeyboardMapping: x11.func(
      'void *XGetKeyboardMapping(DisplayPointer display, uint8_t first, int count, _Out_ int *perKeycode)',
    ),
    XChangeKeyboardMapping: x11.func(
      'int XChangeKeyboardMapping(DisplayPointer display, int first, int perKeycode, unsigned long *keysyms, int count)',
    ),
    XkbGetState: x11.func('int XkbGetState(DisplayPointer display, unsigned int device, _Out_ XkbStateRec *state)'),
    XQueryPointer: x11.func(
      'int XQueryPointer(DisplayPointer display, unsigned long window, _Out_ unsigned long *root, _Out_ unsigned long *child, _Out_ int *rootX, _Out_ int *rootY, _Out_ int *winX, _Out_ int *winY, _Out_ unsigned int *mask)',
    ),
    XQueryKeymap: x11.func('int XQueryKeymap(DisplayPointer display, _Out_ uint8_t *keys)'),
    XSetErrorHandler: x11.func('void *XSetErrorHandler(XErrorHandler *handler)'),
    XFree: x11.func('int XFree(void *data)'),
    XSync: x11.func('int XSync(DisplayPointer display, int discard)'),
    XTestQueryExtension: xtst.func(
      'int XTestQueryExtension(DisplayPointer display, _Out_ int *event, _Out_ int *error, _Out_ int *major, _Out_ int *minor)',
    ),
    XTestFakeMotionEvent: xtst.func(
      'int XTestFakeMotionEvent(DisplayPointer display, int screen, int x, int y, unsigned long delay)',
    ),
    XTestFakeButtonEvent: xtst.func(
      'int XTestFakeButtonEvent(DisplayPointer display, unsigned int button, int isPress, unsigned long delay)',
    ),
    XTestFakeKeyEvent: xtst.func(
      'int XTestFakeKeyEvent(DisplayPointer display, unsigned int keycode, int isPress, unsigned long delay)',
    ),
  };
}

type Declared = ReturnType<typeof declare>;

/** Replaces Xlib's default error handler (which exits the process) with one that queues readable messages. */
function installErrorHandler(c: Declared, errors: string[]): void {
  const handler = koffi.register((_display: unknown, event: unknown): number => {
    const e = koffi.decode(event, c.errorEvent) as { error_code: number; request_code: number; minor_code: number };
    const name = ERROR_NAMES[e.error_code] ?? `error ${e.error_code}`;
    // Bounded: if nobody reads them, old errors are of no use.
    if (errors.length < 16) errors.push(`X ${name} (request ${e.request_code}.${e.minor_code})`);
    return 0;
  }, koffi.pointer('XErrorHandler'));
  c.XSetErrorHandler(handler);
}

function outNumbers(count: number): number[][] {
  return Array.from({ length: count }, () => [0]);
}

function first(values: number[][], index: number): number {
  return values[index]?.[0] ?? 0;
}

function bind(): X11Lib {
  const c = declare();
  const errors: string[] = [];
  installErrorHandler(c, errors);
  return {
    openDisplay: (name) => (c.XOpenDisplay(name) as DisplayPointer | null) ?? null,
    closeDisplay: (d) => {
      c.XCloseDisplay(d);
    },
    defaultScreen: (d) => c.XDefaultScreen(d) as number,
    rootWindow: (d, screen) => c.XRootWindow(d, screen) as number,
    windowSize(d, window) {
      const out = outNumbers(7);
      if (!c.XGetGeometry(d, window, ...out)) return null;
      return { width: first(out, 3), height: first(out, 4) };
    },
    hasXTest: (d) => Boolean(c.XTestQueryExtension(d, ...outNumbers(4))),
    fakeMotion: (d, screen, x, y) => {
      c.XTestFakeMotionEvent(d, screen, x, y, 0);
    },
    fakeButton: (d, button, down) => {
      c.XTestFakeButtonEvent(d, button, down ? 1 : 0, 0);
    },
    fakeKey: (d, keycode, down) => {
      c.XTestFakeKeyEvent(d, keycode, down ? 1 : 0, 0);
    },
    keycodeRange(d) {
      const out = outNumbers(2);
      c.XDisplayKeycodes(d, ...out);
      return { min: first(out, 0), max: first(out, 1) };
    },
    keyboardMapping(d, firstKeycode, count) {
      const per = [0];
      const pointer: unknown = c.XGetKeyboardMapping(d, firstKeycode, count, per);
      const perKeycode = per[0] ?? 0;
      if (!pointer || perKeycode === 0) return { minKeycode: firstKeycode, keysymsPerKeycode: 0, keysyms: [] };
      try {
        const raw = koffi.decode(pointer, 'unsigned long', count * perKeycode) as ArrayLike<bigint | number>;
        return { minKeycode: firstKeycode, keysymsPerKeycode: perKeycode, keysyms: Array.from(raw, Number) };
      } finally {
        c.XFree(pointer);
      }
    },
    changeKeyboardMapping: (d, keycode, keysyms) => {
      c.XChangeKeyboardMapping(d, keycode, keysyms.length, [...keysyms], 1);
    },
    keyboardGroup(d) {
      const state: { group?: number } = {};
      if (c.XkbGetState(d, XKB_USE_CORE_KBD, state) !== 0) return 0;
      return state.group ?? 0;
    },
    queryPointer(d, root) {
      const out = outNumbers(7);
      if (!c.XQueryPointer(d, root, ...out)) return null;
      return { x: first(out, 2), y: first(out, 3) };
    },
    queryKeymap(d) {
      const keys = new Uint8Array(32);
      c.XQueryKeymap(d, keys);
      return keys;
    },
    sync: (d) => {
      c.XSync(d, 0);
    },
    takeErrors: () => errors.splice(0),
  };
}
