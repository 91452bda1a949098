/**
 * The sharer's floating status window (issue 14): a Document Picture-in-Picture window (Chromium, Edge) that stays on
 * top of every other window, so the sharer can stop what the helper does within one click whatever is in front. This
 * module only opens and closes it and lends its body to the caller's content; what shows in it is a component's.
 *
 * The browser opens one only in answer to a click (user activation). A click that started screen sharing usually
 * still counts when the picker closes, so the window may open then (`openIfActivated`); otherwise, and after the
 * sharer closed it, the sharer opens it from the session's toolbar.
 */
import { type Accessor, createEffect, createRoot, createSignal, type JSX, onCleanup } from 'solid-js';
import { clearDelegatedEvents, DelegatedEvents, delegateEvents, render } from 'solid-js/web';
import { recordDiagnostic } from '../diagnostics/diagnostics-log.ts';

/** Document Picture-in-Picture (not in TypeScript's DOM library yet). */
interface DocumentPictureInPicture {
  requestWindow(options?: { width?: number; height?: number }): Promise<Window>;
}

export interface FloatingWindow {
  /** Whether this browser can show one (Document Picture-in-Picture). */
  readonly supported: boolean;
  /** Open, or being opened (the browser has been asked). */
  isOpen: Accessor<boolean>;
  /** Opens the window with `content` in it; must run in answer to a click. False if the browser refused. */
  open(content: () => JSX.Element): Promise<boolean>;
  /** Opens it only while the page still holds the person's last click (it is refused otherwise). */
  openIfActivated(content: () => JSX.Element): void;
  close(): void;
}

export interface FloatingWindowOptions {
  title: Accessor<string>;
  width: number;
  height: number;
}

/** One floating window for the calling owner's lifetime: when the owner goes (the session ends), the window closes. */
export function createFloatingWindow(options: FloatingWindowOptions, win: Window = window): FloatingWindow {
  const api = (win as Window & { documentPictureInPicture?: DocumentPictureInPicture }).documentPictureInPicture;
  const [current, setCurrent] = createSignal<Window>();
  const [opening, setOpening] = createSignal(false);
  let teardown: (() => void) | undefined;
  let disposed = false;

  const close = () => {
    const pip = current();
    teardown?.();
    pip?.close();
  };

  const open = async (content: () => JSX.Element): Promise<boolean> => {
    if (!api) return false;
    if (current() || opening()) return true;
    setOpening(true);
    let pip: Window;
    try {
      pip = await api.requestWindow({ width: options.width, height: options.height });
    } catch {
      // Refused (no click to answer, or another picture-in-picture window won): the toolbar offers it again.
      setOpening(false);
      return false;
    }
    if (disposed) {
      // The session ended while the browser was opening it.
      pip.close();
      return false;
    }
    let unmount: () => void;
    try {
      unmount = mount(win.document, pip.document, content, options.title);
    } catch (error) {
      // Nothing half-shown: the window goes, and the toolbar offers it again.
      pip.close();
      setOpening(false);
      recordDiagnostic('floating.failed', { reason: String(error) });
      return false;
    }
    teardown = () => {
      teardown = undefined;
      unmount();
      setCurrent(undefined);
    };
    // The sharer closed it, or the page went: forget it (it can be opened again).
    pip.addEventListener('pagehide', () => teardown?.(), { once: true });
    setCurrent(pip);
    setOpening(false);
    return true;
  };

  onCleanup(() => {
    disposed = true;
    close();
  });

  return {
    supported: api !== undefined,
    isOpen: () => current() !== undefined || opening(),
    open,
    openIfActivated(content) {
      const activation = (win.navigator as Navigator & { userActivation?: { isActive: boolean } }).userActivation;
      if (activation?.isActive) void open(content);
    },
    close,
  };
}

/** Renders `content` into the new window's document, styled and titled as the page; returns what undoes it. */
function mount(page: Document, doc: Document, content: () => JSX.Element, title: Accessor<string>): () => void {
  copyStyleSheets(page, doc);
  const stopMirroring = mirrorRootAttributes(page, doc);
  // Solid listens for clicks and keys on the document it was loaded in; the new window is another document.
  delegateEvents([...DelegatedEvents], doc);
  const disposeTitle = createRoot((dispose) => {
    createEffect(() => {
      doc.title = title();
    });
    return dispose;
  });
  const disposeContent = render(content, doc.body);
  return () => {
    disposeContent();
    disposeTitle();
    stopMirroring();
    clearDelegatedEvents(doc);
  };
}

/** The app's styles in the new window: linked sheets by address, others (development) by their rules. */
function copyStyleSheets(from: Document, to: Document): void {
  for (const sheet of Array.from(from.styleSheets)) {
    if (sheet.href) {
      const link = to.createElement('link');
      link.rel = 'stylesheet';
      link.href = sheet.href;
      to.head.append(link);
      continue;
    }
    let rules: string;
    try {
      rules = Array.from(sheet.cssRules, (rule) => rule.cssText).join('\n');
    } catch {
      // Another origin's sheet (an extension's) cannot be read; the app's own styles are what matter.
      continue;
    }
    const style = to.createElement('style');
    style.textContent = rules;
    to.head.append(style);
  }
}

/** Language, direction and theme follow the page's: the window reads like the page around it. */
function mirrorRootAttributes(from: Document, to: Document): () => void {
  const copy = () => {
    const source = from.documentElement;
    const target = to.documentElement;
    target.lang = source.lang;
    target.dir = source.dir;
    target.className = source.className;
    // Through the style object: the Content-Security-Policy allows no style attributes.
    target.style.colorScheme = source.style.colorScheme;
  };
  copy();
  const observer = new MutationObserver(copy);
  observer.observe(from.documentElement, { attributes: true, attributeFilter: ['lang', 'dir', 'class', 'style'] });
  return () => observer.disconnect();
}
