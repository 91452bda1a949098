import { describe, expect, it } from 'vitest';
import { toScreenPoint } from './screen-coordinates.ts';

describe('toScreenPoint', () => {
  const element = { left: 100, top: 50, width: 800, height: 600 };

  it('maps a point of a letterboxed 16:9 picture to 0..1 of the screen', () => {
    // 1920×1080 in 800×600: 800×450, bars of 75 above and below.
    expect(toScreenPoint(100, 125, element, { width: 1920, height: 1080 })).toEqual({ x: 0, y: 0 });
    expect(toScreenPoint(500, 350, element, { width: 1920, height: 1080 })).toEqual({ x: 0.5, y: 0.5 });
    expect(toScreenPoint(900, 575, element, { width: 1920, height: 1080 })).toEqual({ x: 1, y: 1 });
  });

  it('ignores the bars and a picture that has no size yet', () => {
    expect(toScreenPoint(500, 100, element, { width: 1920, height: 1080 })).toBeUndefined();
    expect(toScreenPoint(500, 350, element, { width: 0, height: 0 })).toBeUndefined();
  });
});
