import { createEffect, Show } from 'solid-js';

/**
 * The sharer's own screen, small, with the helper's laser pointer on it (spec 4.7): shown while the helper points.
 * Decorative for assistive technology — the pointer is a visual gesture; what matters is said in the chat.
 */
export function LaserView(props: { stream?: MediaStream; at?: { x: number; y: number } }) {
  let video: HTMLVideoElement | undefined;
  createEffect(() => {
    if (video && props.stream && video.srcObject !== props.stream) video.srcObject = props.stream;
  });
  return (
    <Show when={props.stream && props.at}>
      {(_) => (
        <div class="relative overflow-hidden rounded-xl bg-black" aria-hidden="true">
          <video ref={video} class="block w-full" autoplay muted playsinline />
          <span
            class="pointer-events-none absolute size-4 -translate-x-1/2 -translate-y-1/2 rounded-full bg-red-600 shadow-[0_0_12px_4px_rgba(220,38,38,0.7)]"
            style={{ left: `${(props.at?.x ?? 0) * 100}%`, top: `${(props.at?.y ?? 0) * 100}%` }}
          />
        </div>
      )}
    </Show>
  );
}
