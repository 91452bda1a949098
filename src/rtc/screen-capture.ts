/** The sharer's screen capture: one getDisplayMedia stream at a time, stopped completely when sharing ends. */
import type { DisplaySurface, LiveMode } from '@remote-help/protocol/session-negotiation';

export interface ScreenCapture {
  /** Opens the browser's picker. Rejects if the person cancels, or if `signal` aborts meanwhile (and stops what came). */
  start(mode: LiveMode, signal: AbortSignal): Promise<{ surface: DisplaySurface }>;
  stop(): void;
  current(): MediaStream | undefined;
  /** Called when the browser ends the capture itself (its own "Stop sharing" button). */
  onEnded(listener: () => void): void;
}

const SURFACES = new Set<DisplaySurface>(['monitor', 'window', 'browser']);

export function makeScreenCapture(
  media: Pick<MediaDevices, 'getDisplayMedia'> = navigator.mediaDevices,
): ScreenCapture {
  let stream: MediaStream | undefined;
  const listeners = new Set<() => void>();
  const stopTracks = (s: MediaStream) => {
    for (const t of s.getTracks()) t.stop();
  };
  return {
    async start(mode, signal) {
      const s = await media.getDisplayMedia({
        // Full control needs the entire screen: suggest it in the picker (the sharer still chooses).
        video: {
          displaySurface: mode === 'control' ? 'monitor' : undefined,
          frameRate: { ideal: 30, max: 30 },
          width: { ideal: 1920 },
          height: { ideal: 1080 },
        },
        audio: false,
      } as DisplayMediaStreamOptions);
      if (signal.aborted) {
        stopTracks(s);
        throw new Error('capture cancelled');
      }
      if (stream) stopTracks(stream);
      stream = s;
      const [track] = s.getVideoTracks();
      if (track) {
        // Screens are mostly text: keep it sharp rather than smooth.
        track.contentHint = 'text';
        track.addEventListener('ended', () => {
          if (stream !== s) return;
          for (const l of listeners) l();
        });
      }
      const surface = (track?.getSettings() as { displaySurface?: string } | undefined)?.displaySurface;
      return { surface: SURFACES.has(surface as DisplaySurface) ? (surface as DisplaySurface) : 'unknown' };
    },
    stop() {
      if (stream) stopTracks(stream);
      stream = undefined;
    },
    current: () => stream,
    onEnded(listener) {
      listeners.add(listener);
    },
  };
}
