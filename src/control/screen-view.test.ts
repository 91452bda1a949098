import { describe, expect, it } from 'vitest';
import {
  ACTUAL_SIZE,
  canZoomIn,
  canZoomOut,
  currentScale,
  FIT,
  fitScale,
  scaledSize,
  zoomIn,
  zoomOut,
} from './screen-view.ts';

describe('the helper’s view of the sharer’s screen', () => {
  it('fits a 1920×1080 picture into a 1256×600 box by height, in device pixels', () => {
    expect(fitScale({ width: 1256, height: 600 }, { width: 1920, height: 1080 }, 1)).toBeCloseTo(600 / 1080);
    expect(fitScale({ width: 1256, height: 600 }, { width: 1920, height: 1080 }, 2)).toBeCloseTo((2 * 600) / 1080);
    expect(fitScale({ width: 0, height: 600 }, { width: 1920, height: 1080 }, 1)).toBeUndefined();
    expect(fitScale({ width: 1256, height: 600 }, { width: 0, height: 0 }, 1)).toBeUndefined();
  });

  it('zooms in from the fitted view to the next step above what it shows', () => {
    expect(zoomIn(FIT, 0.56)).toEqual({ kind: 'scale', scale: 0.75 });
    expect(zoomIn(ACTUAL_SIZE, 0.56)).toEqual({ kind: 'scale', scale: 1.25 });
    expect(zoomIn(zoomIn(ACTUAL_SIZE, undefined), undefined)).toEqual({ kind: 'scale', scale: 1.5 });
    // A fitted scale a hair under a step counts as that step.
    expect(zoomIn(FIT, 0.999)).toEqual({ kind: 'scale', scale: 1.25 });
  });

  it('zooms out to the next step below, and stops at the ends', () => {
    expect(zoomOut(FIT, 0.56)).toEqual({ kind: 'scale', scale: 0.5 });
    expect(zoomOut({ kind: 'scale', scale: 1.5 }, undefined)).toEqual({ kind: 'scale', scale: 1.25 });
    expect(zoomOut({ kind: 'scale', scale: 0.25 }, undefined)).toEqual({ kind: 'scale', scale: 0.25 });
    expect(zoomIn({ kind: 'scale', scale: 4 }, undefined)).toEqual({ kind: 'scale', scale: 4 });
    expect(canZoomOut({ kind: 'scale', scale: 0.25 }, undefined)).toBe(false);
    expect(canZoomIn({ kind: 'scale', scale: 4 }, undefined)).toBe(false);
    expect(canZoomIn(FIT, 0.56)).toBe(true);
  });

  it('reports the scale shown, and sizes the picture in CSS pixels', () => {
    expect(currentScale(FIT, 0.5)).toBe(0.5);
    expect(currentScale(ACTUAL_SIZE, 0.5)).toBe(1);
    expect(scaledSize({ width: 1280, height: 800 }, 1.5, 1)).toEqual({ width: 1920, height: 1200 });
    // Actual size on a 2× display: one picture pixel per device pixel is half a CSS pixel.
    expect(scaledSize({ width: 1280, height: 800 }, 1, 2)).toEqual({ width: 640, height: 400 });
  });
});
