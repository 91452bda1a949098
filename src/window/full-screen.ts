/**
 * Full screen for the helper's view of the sharer's screen (issue 14), and, while in it, the Keyboard Lock API where
 * the browser has one (Chromium, Edge): then the Windows key, Alt+Tab and Escape reach the page — and so the sharer —
 * instead of the helper's own system, and holding Escape is the way out. Elsewhere the Alt+Space menu sends them.
 */
import { type Accessor, createSignal, onCleanup } from 'solid-js';

/** The Keyboard Lock API (not in TypeScript's DOM library yet). */
interface KeyboardLock {
  lock(keys?: string[]): Promise<void>;
  unlock(): void;
}

export interface FullScreen {
  active: Accessor<boolean>;
  /** Whether the keys the system keeps for itself go to the page now. */
  keysLocked: Accessor<boolean>;
  enter(element: HTMLElement): Promise<void>;
  exit(): Promise<void>;
  /** Asks for the keyboard lock while in full screen (full control), or gives the keys back. */
  lockKeys(on: boolean): void;
}

/** Follows the document's full-screen state for the calling component; leaving the component leaves full screen. */
export function createFullScreen(
  doc: Document = document,
  keyboard: KeyboardLock | undefined = (navigator as Navigator & { keyboard?: KeyboardLock }).keyboard,
): FullScreen {
  const [element, setElement] = createSignal<Element | null>(doc.fullscreenElement);
  const [keysLocked, setKeysLocked] = createSignal(false);
  let wanted = false;
  const [mine, setMine] = createSignal<HTMLElement>();
  const active = () => {
    const el = element();
    return el !== null && el === mine();
  };

  const unlock = () => {
    keyboard?.unlock();
    setKeysLocked(false);
  };
  const relock = () => {
    if (!keyboard || !wanted || !active()) return unlock();
    keyboard.lock().then(
      () => setKeysLocked(wanted && active()),
      // Refused (not in full screen any more, or not allowed here): the menu stays the way to send those keys.
      () => setKeysLocked(false),
    );
  };
  const onChange = () => {
    setElement(doc.fullscreenElement);
    relock();
  };
  doc.addEventListener('fullscreenchange', onChange);
  onCleanup(() => {
    doc.removeEventListener('fullscreenchange', onChange);
    unlock();
    if (active()) void doc.exitFullscreen().catch(() => {});
  });

  return {
    active,
    keysLocked,
    async enter(el) {
      setMine(el);
      await el.requestFullscreen({ navigationUI: 'hide' });
    },
    async exit() {
      if (active()) await doc.exitFullscreen();
    },
    lockKeys(on) {
      wanted = on;
      relock();
    },
  };
}
