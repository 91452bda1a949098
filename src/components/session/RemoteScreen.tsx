import { createEffect } from 'solid-js';

/** The sharer's screen on the helper's side: scaled to fit, aspect ratio kept. */
export function RemoteScreen(props: { stream: MediaStream; label: string }) {
  let video: HTMLVideoElement | undefined;
  createEffect(() => {
    if (video && video.srcObject !== props.stream) video.srcObject = props.stream;
  });
  return (
    <video
      ref={video}
      class="h-full w-full bg-black object-contain"
      aria-label={props.label}
      autoplay
      muted
      playsinline
    />
  );
}
