import type { ControlEvent, PointerButton } from '@remote-help/protocol/peer-channels';
import { createEffect, createSignal, onCleanup, Show } from 'solid-js';
import { isAppShortcut, keyDownEvent } from '../../control/keyboard-input.ts';
import { toScreenPoint } from '../../control/screen-coordinates.ts';
import type { ScreenView } from '../../control/screen-view.ts';
import { ScreenViewport } from './ScreenViewport.tsx';

export type ScreenInput = 'control' | 'laser' | undefined;

const BUTTONS: Record<number, PointerButton> = { 0: 'left', 1: 'middle', 2: 'right' };

/**
 * The sharer's screen on the helper's side: fitted (aspect ratio kept) or zoomed (ScreenViewport). In full control (or with the laser
 * pointer) a transparent text field lies over the picture: it takes the pointer and, while focused, the keyboard —
 * a text field, so that characters from any input method arrive too.
 */
export function RemoteScreen(props: {
  stream: MediaStream;
  label: string;
  input: ScreenInput;
  inputLabel: string;
  inputHint: string;
  onControl: (event: ControlEvent) => void;
  onLaser: (x: number, y: number) => void;
  onLaserHide: () => void;
  /** Fitted to the space, or at a scale of the picture's own pixels. */
  view: ScreenView;
  onFitScale: (scale: number | undefined) => void;
}) {
  let video: HTMLVideoElement | undefined;
  const [picture, setPicture] = createSignal<{ width: number; height: number }>();
  const notePicture = () => {
    if (video && video.videoWidth > 0) setPicture({ width: video.videoWidth, height: video.videoHeight });
  };
  const keysDown = new Set<string>();
  createEffect(() => {
    if (video && video.srcObject !== props.stream) video.srcObject = props.stream;
  });

  const point = (e: MouseEvent) =>
    video
      ? toScreenPoint(e.clientX, e.clientY, video.getBoundingClientRect(), {
          width: video.videoWidth,
          height: video.videoHeight,
        })
      : undefined;

  const releaseKeys = () => {
    for (const code of keysDown) props.onControl({ type: 'key', code, down: false });
    keysDown.clear();
  };
  // Leaving full control or this screen never leaves a key held down on the other side.
  createEffect(() => {
    if (props.input !== 'control') keysDown.clear();
  });
  onCleanup(() => keysDown.clear());

  return (
    <ScreenViewport view={props.view} picture={picture()} onFitScale={props.onFitScale}>
      <video
        ref={video}
        class="h-full w-full bg-black object-contain"
        aria-label={props.label}
        autoplay
        muted
        playsinline
        onLoadedMetadata={notePicture}
        onResize={notePicture}
      />
      <Show when={props.input}>
        <textarea
          class="absolute inset-0 h-full w-full resize-none cursor-crosshair bg-transparent text-transparent caret-transparent"
          aria-label={props.inputLabel}
          aria-description={props.inputHint}
          autocomplete="off"
          spellcheck={false}
          onPointerMove={(e) => {
            const p = point(e);
            if (!p) return;
            if (props.input === 'laser') props.onLaser(p.x, p.y);
            else props.onControl({ type: 'pointer.move', ...p });
          }}
          onPointerLeave={() => {
            if (props.input === 'laser') props.onLaserHide();
          }}
          onPointerDown={(e) => {
            const p = point(e);
            const button = BUTTONS[e.button];
            if (!p || !button || props.input !== 'control') return;
            props.onControl({ type: 'pointer.button', ...p, button, down: true });
          }}
          onPointerUp={(e) => {
            const p = point(e);
            const button = BUTTONS[e.button];
            if (!p || !button || props.input !== 'control') return;
            props.onControl({ type: 'pointer.button', ...p, button, down: false });
          }}
          onContextMenu={(e) => {
            if (props.input === 'control') e.preventDefault();
          }}
          onWheel={(e) => {
            const p = point(e);
            if (!p || props.input !== 'control') return;
            e.preventDefault();
            const steps = (d: number) => Math.max(-20, Math.min(20, Math.round(d / 100) || Math.sign(d)));
            props.onControl({ type: 'pointer.wheel', ...p, dx: steps(e.deltaX), dy: steps(e.deltaY) });
          }}
          onKeyDown={(e) => {
            if (props.input !== 'control' || isAppShortcut(e)) return;
            const event = keyDownEvent({
              key: e.key,
              code: e.code,
              ctrlKey: e.ctrlKey,
              altKey: e.altKey,
              metaKey: e.metaKey,
              isComposing: e.isComposing,
              altGraph: e.getModifierState('AltGraph'),
            });
            if (!event) return;
            e.preventDefault();
            if (event.type === 'key') keysDown.add(event.code);
            props.onControl(event);
          }}
          onKeyUp={(e) => {
            if (!keysDown.delete(e.code)) return;
            e.preventDefault();
            props.onControl({ type: 'key', code: e.code, down: false });
          }}
          onBlur={releaseKeys}
          onBeforeInput={(e) => {
            // Text put in without key events (an input method, dictation, paste by menu): send it as text.
            if (props.input === 'control' && e.inputType === 'insertText' && e.data) {
              e.preventDefault();
              props.onControl({ type: 'text', text: e.data });
            }
          }}
          onCompositionEnd={(e) => {
            if (props.input === 'control' && e.data) props.onControl({ type: 'text', text: e.data });
            e.currentTarget.value = '';
          }}
          onInput={(e) => {
            e.currentTarget.value = '';
          }}
        />
      </Show>
    </ScreenViewport>
  );
}
