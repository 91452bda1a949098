/**
 * Where on the shared screen a point of the helper's view is: the video is scaled to fit with its aspect ratio
 * kept (letterboxed), so the picture is a centred box inside the element. Returns 0..1 of the screen's width and
 * height, or undefined over the letterbox bars.
 */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export function toScreenPoint(
  clientX: number,
  clientY: number,
  element: Box,
  video: { width: number; height: number },
): { x: number; y: number } | undefined {
  if (video.width <= 0 || video.height <= 0 || element.width <= 0 || element.height <= 0) return undefined;
  const scale = Math.min(element.width / video.width, element.height / video.height);
  const width = video.width * scale;
  const height = video.height * scale;
  const left = element.left + (element.width - width) / 2;
  const top = element.top + (element.height - height) / 2;
  const x = (clientX - left) / width;
  const y = (clientY - top) / height;
  if (x < 0 || x > 1 || y < 0 || y > 1) return undefined;
  return { x, y };
}
