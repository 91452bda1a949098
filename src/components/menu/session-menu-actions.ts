/**
 * The open session screen lends its actions to the app menu, so that Alt+Space reaches them from anywhere
 * on the page (spec 7). The screen provides them while it is shown; the menu lists them.
 */
import { type Accessor, createSignal, onCleanup } from 'solid-js';

export interface MenuAction {
  label: string;
  run: () => void;
  disabled?: boolean;
  /** Shown under the action and read with it, e.g. why it is disabled. */
  note?: string;
}

const none: Accessor<MenuAction[]> = () => [];
const [provider, setProvider] = createSignal<Accessor<MenuAction[]>>(none);

/** Call from a component: its actions are in the menu until it is removed. */
export function provideSessionMenu(actions: Accessor<MenuAction[]>): void {
  setProvider(() => actions);
  onCleanup(() => {
    if (provider() === actions) setProvider(() => none);
  });
}

export const sessionMenuActions: Accessor<MenuAction[]> = () => provider()();
