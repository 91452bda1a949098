import { type Accessor, createEffect, createSignal, type JSX, onCleanup, Show } from 'solid-js';

/**
 * A button that shows and hides a panel placed wherever the screen puts it (in the flow, so it never covers a
 * control); while it is open, Escape closes it and puts focus back on the button.
 */
export function createDisclosure(id: string, initiallyOpen = false) {
  const [open, setOpen] = createSignal(initiallyOpen);
  let button: HTMLButtonElement | undefined;
  createEffect(() => {
    if (!open()) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button?.focus();
    };
    window.addEventListener('keydown', onKey);
    onCleanup(() => window.removeEventListener('keydown', onKey));
  });
  return {
    open: open as Accessor<boolean>,
    setOpen,
    /** The button; with children, they are what it shows and `label` is its name. */
    Toggle: (props: { label: string; children?: JSX.Element }) => (
      <button
        type="button"
        ref={button}
        class={`btn-secondary text-sm ${props.children ? 'gap-1 px-1.5 py-0.5' : 'px-3 py-1'}`}
        aria-label={props.children ? props.label : undefined}
        aria-expanded={open()}
        aria-controls={id}
        onClick={() => setOpen(!open())}
      >
        {props.children ?? props.label}
      </button>
    ),
    Panel: (props: { children: JSX.Element }) => (
      <Show when={open()}>
        <div id={id}>{props.children}</div>
      </Show>
    ),
  };
}
