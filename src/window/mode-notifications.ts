/**
 * Where the floating status window cannot be shown (no Document Picture-in-Picture), a system notification tells the
 * sharer when the helper's mode changes (issue 14) — full control above all — whatever window is in front. Only with
 * the person's permission, asked for from the session's toolbar; never in the way when it is refused.
 */
import { type Accessor, createEffect, createSignal, on } from 'solid-js';
import { recordDiagnostic } from '../diagnostics/diagnostics-log.ts';
import { t } from '../i18n/i18n.ts';
import type { SharedMode } from './sharing-indicator.ts';

/** What to say when the shared mode goes from `previous` to `next`; undefined when nothing changed. */
export function modeChangeKey(previous: SharedMode, next: SharedMode) {
  if (previous === next) return undefined;
  if (next === 'control') return 'sharerStatus.nowControlling' as const;
  if (next === 'view') return 'sharerStatus.nowViewing' as const;
  return 'sharerStatus.stopped' as const;
}

export interface NotificationPermissionState {
  /** 'unsupported' where the browser has no notifications. */
  state: Accessor<NotificationPermission | 'unsupported'>;
  /** Asks once, in answer to a click; resolves to whether notifications may be shown. */
  ask(): Promise<boolean>;
}

export function createNotificationPermission(): NotificationPermissionState {
  const read = () => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);
  const [state, setState] = createSignal<NotificationPermission | 'unsupported'>(read());
  return {
    state,
    async ask() {
      if (typeof Notification === 'undefined') return false;
      // A prompt that fails to show counts as a refusal: the session goes on without notifications.
      setState(await Notification.requestPermission().catch((): NotificationPermission => 'denied'));
      return state() === 'granted';
    },
  };
}

/**
 * Announces every change of `mode` after the first (the session's start is on screen already). `tag` makes a new
 * notification replace the session's last one, so only the current mode is ever shown.
 */
export function notifyModeChanges(mode: Accessor<SharedMode>, helperName: string, data: { sessionId: string }): void {
  createEffect(
    on(
      mode,
      (next, previous) => {
        const key = previous === undefined ? undefined : modeChangeKey(previous, next);
        if (!key) return;
        // A notification the system would not show changes nothing in the session; the page says the same.
        showNotification(t(key, { name: helperName }), data).catch((error: unknown) =>
          recordDiagnostic('notification.failed', { reason: String(error) }),
        );
      },
      { defer: true },
    ),
  );
}

/** Through the service worker where there is one (choosing it brings the app forward), else from the page. */
async function showNotification(title: string, data: { sessionId: string }): Promise<void> {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const options = { tag: `session-${data.sessionId}`, data, renotify: true } as NotificationOptions;
  const registration = await navigator.serviceWorker?.getRegistration();
  if (registration) return registration.showNotification(title, options);
  new Notification(title, options);
}
