import { createEffect, createSignal, type JSX, on, onCleanup, onMount } from 'solid-js';
import { fitScale, type ScreenView, scaledSize } from '../../control/screen-view.ts';

/**
 * Where the sharer's picture sits in the helper's session (issue 14): fitted to the space (letterboxed by the
 * picture's own object-fit), or at a scale with scroll bars, centred while smaller than the space. It tells the screen
 * what scale "fitted" is now, so zooming starts from what the helper sees. Zooming keeps the middle of the view.
 */
export function ScreenViewport(props: {
  view: ScreenView;
  /** The picture's size in its own pixels; undefined until the first frame. */
  picture: { width: number; height: number } | undefined;
  onFitScale: (scale: number | undefined) => void;
  children: JSX.Element;
}) {
  let scroller: HTMLDivElement | undefined;
  const [space, setSpace] = createSignal({ width: 0, height: 0 });
  onMount(() => {
    if (!scroller) return;
    const el = scroller;
    const observer = new ResizeObserver(() => setSpace({ width: el.clientWidth, height: el.clientHeight }));
    observer.observe(el);
    onCleanup(() => observer.disconnect());
  });
  createEffect(() => {
    const picture = props.picture;
    props.onFitScale(picture ? fitScale(space(), picture, window.devicePixelRatio) : undefined);
  });

  const size = () => {
    const view = props.view;
    return view.kind === 'scale' && props.picture
      ? scaledSize(props.picture, view.scale, window.devicePixelRatio)
      : undefined;
  };
  // The point of the picture in the middle of the view, as fractions; kept across zooming.
  let middle = { x: 0.5, y: 0.5 };
  const noteMiddle = () => {
    if (!scroller || scroller.scrollWidth === 0 || scroller.scrollHeight === 0) return;
    middle = {
      x: (scroller.scrollLeft + scroller.clientWidth / 2) / scroller.scrollWidth,
      y: (scroller.scrollTop + scroller.clientHeight / 2) / scroller.scrollHeight,
    };
  };
  createEffect(
    on(size, () => {
      if (!scroller) return;
      scroller.scrollLeft = middle.x * scroller.scrollWidth - scroller.clientWidth / 2;
      scroller.scrollTop = middle.y * scroller.scrollHeight - scroller.clientHeight / 2;
    }),
  );

  return (
    <div
      ref={scroller}
      class={`absolute inset-0 ${size() ? 'overflow-auto' : 'overflow-hidden'}`}
      // Zoomed in, the view scrolls: with the keyboard too (WCAG 2.1.1), when nothing inside takes the focus.
      tabIndex={size() ? 0 : undefined}
      onScroll={noteMiddle}
    >
      <div class={size() ? 'flex min-h-full min-w-full' : 'h-full w-full'}>
        <div
          class={size() ? 'relative m-auto shrink-0' : 'relative h-full w-full'}
          style={size() ? { width: `${size()?.width}px`, height: `${size()?.height}px` } : undefined}
        >
          {props.children}
        </div>
      </div>
    </div>
  );
}
