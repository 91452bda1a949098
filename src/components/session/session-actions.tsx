/**
 * A session's actions, each declared once (what it says, whether it shows, whether it is available and why not) and
 * rendered both as a toolbar button and in the Alt+Space menu (spec 4.3, 7), so the two never drift apart.
 */
import { type Accessor, For, Show } from 'solid-js';
import { provideSessionMenu } from '../menu/session-menu-actions.ts';

export interface SessionAction {
  /** Stable and unique within a screen: it names the note that explains why the action is unavailable. */
  id: string;
  label: Accessor<string>;
  run: () => void;
  /** Whether the action applies now; absent means always. */
  shown?: Accessor<boolean>;
  disabled?: Accessor<boolean>;
  /** Why it is disabled (or what to know before choosing it); read with the button in both places. */
  note?: Accessor<string | undefined>;
  /** A toggle's state: shown as a pressed button in the toolbar. */
  pressed?: Accessor<boolean>;
  /** Shown in the toolbar instead of the label (which stays its name, and its text in the menu). */
  icon?: string;
  /** Only in the menu: the keys a browser keeps for itself are sent from there (spec 7). */
  menuOnly?: boolean;
  tone?: 'primary' | 'danger';
}

const TONE = {
  primary: 'btn-primary',
  danger: 'btn bg-red-700 text-white hover:bg-red-800',
  default: 'btn-secondary',
} as const;

const shown = (action: SessionAction) => action.shown?.() ?? true;

/** Lends the screen's actions to the app menu while the screen is shown. */
export function provideSessionActions(actions: Accessor<readonly SessionAction[]>): void {
  provideSessionMenu(() =>
    actions()
      .filter(shown)
      .map((action) => {
        const note = action.note?.();
        return {
          label: action.label(),
          run: action.run,
          disabled: action.disabled?.() ?? false,
          ...(note ? { note } : {}),
        };
      }),
  );
}

/** One action as a compact toolbar button; its note is read with it. */
export function ActionButton(props: { action: SessionAction; compact?: boolean }) {
  const noteId = () => `session-action-note-${props.action.id}`;
  return (
    <Show when={shown(props.action)}>
      <button
        type="button"
        class={`${TONE[props.action.tone ?? 'default']} ${props.compact === false ? '' : 'px-3 py-1.5 text-sm'}`}
        disabled={props.action.disabled?.() ?? false}
        aria-pressed={props.action.pressed ? props.action.pressed() : undefined}
        aria-describedby={props.action.note?.() ? noteId() : undefined}
        aria-label={props.action.icon ? props.action.label() : undefined}
        title={props.action.icon ? props.action.label() : undefined}
        onClick={() => props.action.run()}
      >
        {props.action.icon ? <span aria-hidden="true">{props.action.icon}</span> : props.action.label()}
      </button>
      <Show when={props.action.note?.()}>
        {(note) => (
          <span id={noteId()} class="sr-only">
            {note()}
          </span>
        )}
      </Show>
    </Show>
  );
}

/** The toolbar's share of the actions, in the order declared. */
export function ActionButtons(props: { actions: readonly SessionAction[] }) {
  return <For each={props.actions.filter((a) => !a.menuOnly)}>{(action) => <ActionButton action={action} />}</For>;
}
