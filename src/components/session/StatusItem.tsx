import type { JSX } from 'solid-js';

const TONES = {
  plain: 'border-transparent bg-slate-200 text-slate-900 dark:bg-slate-800 dark:text-slate-100',
  warning:
    'border-amber-600 bg-amber-50 font-semibold text-amber-950 dark:border-amber-500 dark:bg-amber-950 dark:text-amber-100',
} as const;

/** One compact item of the session's status bar; `live` ones are read out when they change. */
export function StatusItem(props: { live?: boolean; tone?: keyof typeof TONES; children: JSX.Element }) {
  return (
    <p
      class={`rounded-md border px-2 py-1 text-sm ${TONES[props.tone ?? 'plain']}`}
      role={props.live ? 'status' : undefined}
    >
      {props.children}
    </p>
  );
}
