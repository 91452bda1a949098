/** Which monitor's rectangle the helper's positions are fractions of. */
import { describe, expect, it } from 'vitest';
import type { Monitor } from './win32-lib.ts';
import { sharedArea } from './win32-monitors.ts';

const primary: Monitor = { left: 0, top: 0, width: 2560, height: 1440, primary: true, device: '\\\\.\\DISPLAY1' };
// Left of the primary, its top 200 px higher: negative coordinates.
const portrait: Monitor = {
  left: -1080,
  top: -200,
  width: 1080,
  height: 1920,
  primary: false,
  device: '\\\\.\\DISPLAY2',
};
const oldSquare: Monitor = { left: 2560, top: 0, width: 1280, height: 1024, primary: false, device: '\\\\.\\DISPLAY3' };
const virtual = { left: -1080, top: -200, width: 4920, height: 1920 };

describe('the shared monitor', () => {
  it('is the only monitor when there is one, whatever the capture', () => {
    expect(sharedArea([primary], primary, null)).toEqual({ left: 0, top: 0, width: 2560, height: 1440 });
    expect(sharedArea([primary], primary, { width: 1920, height: 1080 })).toEqual({
      left: 0,
      top: 0,
      width: 2560,
      height: 1440,
    });
  });

  it('is the one shaped like the capture, even left of the primary (negative origin)', () => {
    // The browser scaled the portrait monitor down to 608×1080.
    expect(sharedArea([primary, portrait, oldSquare], virtual, { width: 608, height: 1080 })).toEqual({
      left: -1080,
      top: -200,
      width: 1080,
      height: 1920,
    });
    expect(sharedArea([primary, portrait, oldSquare], virtual, { width: 1280, height: 1024 })).toMatchObject({
      left: 2560,
    });
  });

  it('is the primary when nothing is captured, or when several monitors have the capture’s shape', () => {
    expect(sharedArea([portrait, primary], virtual, null)).toMatchObject({ left: 0, width: 2560 });
    const twin: Monitor = { ...primary, left: 2560, primary: false, device: '\\\\.\\DISPLAY4' };
    expect(sharedArea([twin, primary], virtual, { width: 1920, height: 1080 })).toMatchObject({ left: 0 });
    // No monitor has the capture's shape: the primary.
    expect(sharedArea([portrait, primary], virtual, { width: 1000, height: 1000 })).toMatchObject({ left: 0 });
  });

  it('is the whole virtual desktop when Windows reports no monitor', () => {
    expect(sharedArea([], virtual, null)).toEqual(virtual);
  });
});
