/**
 * How the helper views the sharer's screen (issue 14): fitted to the window (letterboxed, aspect kept), or at a
 * scale of the picture's own pixels — 1 is actual size, one picture pixel on one device pixel, for small text — with
 * scrolling. Zooming steps through fixed scales, starting from whatever the fitted view shows now.
 */
export type ScreenView = { kind: 'fit' } | { kind: 'scale'; scale: number };

export const FIT: ScreenView = { kind: 'fit' };
export const ACTUAL_SIZE: ScreenView = { kind: 'scale', scale: 1 };
export const ZOOM_STEPS = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4] as const;

const MIN = ZOOM_STEPS[0];
const MAX = ZOOM_STEPS[ZOOM_STEPS.length - 1] ?? 4;
/** Scales this close count as the same step (a fitted scale rarely lands exactly on one). */
const EPSILON = 0.005;

/** The scale at which the picture fits the box: device pixels of the picture per device pixel of the screen. */
export function fitScale(
  box: { width: number; height: number },
  picture: { width: number; height: number },
  devicePixelRatio: number,
): number | undefined {
  if (box.width <= 0 || box.height <= 0 || picture.width <= 0 || picture.height <= 0) return undefined;
  return Math.min(box.width / picture.width, box.height / picture.height) * devicePixelRatio;
}

/** The scale the view shows now; a fitted view needs its fitted scale (undefined before the picture is known). */
export function currentScale(view: ScreenView, fitted: number | undefined): number | undefined {
  return view.kind === 'scale' ? view.scale : fitted;
}

export function zoomIn(view: ScreenView, fitted: number | undefined): ScreenView {
  const now = currentScale(view, fitted) ?? 1;
  const next = ZOOM_STEPS.find((s) => s > now + EPSILON);
  return { kind: 'scale', scale: next ?? MAX };
}

export function zoomOut(view: ScreenView, fitted: number | undefined): ScreenView {
  const now = currentScale(view, fitted) ?? 1;
  const next = [...ZOOM_STEPS].reverse().find((s) => s < now - EPSILON);
  return { kind: 'scale', scale: next ?? MIN };
}

export const canZoomIn = (view: ScreenView, fitted: number | undefined) =>
  (currentScale(view, fitted) ?? 1) < MAX - EPSILON;
export const canZoomOut = (view: ScreenView, fitted: number | undefined) =>
  (currentScale(view, fitted) ?? 1) > MIN + EPSILON;

/** The picture's size on the page, in CSS pixels, at a scale. */
export function scaledSize(
  picture: { width: number; height: number },
  scale: number,
  devicePixelRatio: number,
): { width: number; height: number } {
  return { width: (picture.width * scale) / devicePixelRatio, height: (picture.height * scale) / devicePixelRatio };
}
