/**
 * The sharer's side of remote launch (spec 3.2): requests to help that reach this enrolled device, until answered or
 * expired. When the page is hidden and notifications are allowed, the service worker shows a system notification;
 * otherwise (and as well) the page shows its own prompt.
 */
import type { IdentityCard } from '@remote-help/protocol/domain';
import { type Accessor, createSignal, onCleanup } from 'solid-js';
import { t } from '../i18n/i18n.ts';
import type { SignalingSocket } from '../net/signaling-socket.ts';

export interface LaunchRequest {
  launchId: string;
  helper: IdentityCard;
  expiresAt: string;
}

/** A message from the service worker: the person chose a launch notification. */
interface NotificationChoice {
  type: 'launch.notification';
  launchId: string;
  start: boolean;
}

export function createLaunchRequests(
  socket: SignalingSocket,
  onStart: (launchId: string) => void,
): { list: Accessor<LaunchRequest[]>; dismiss(launchId: string): void } {
  const [list, setList] = createSignal<LaunchRequest[]>([]);
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const dismiss = (launchId: string) => {
    clearTimeout(timers.get(launchId));
    timers.delete(launchId);
    setList((l) => l.filter((r) => r.launchId !== launchId));
  };
  const unsubscribe = socket.on('launch.request', (m) => {
    const request: LaunchRequest = { launchId: m.launchId, helper: m.helper, expiresAt: m.expiresAt };
    if (!timers.has(request.launchId)) {
      setList((l) => [...l, request]);
      timers.set(
        request.launchId,
        setTimeout(() => dismiss(request.launchId), Math.max(0, Date.parse(request.expiresAt) - Date.now())),
      );
    }
    void notifyIfHidden(request);
  });
  const fromWorker = (event: MessageEvent) => {
    const data = event.data as Partial<NotificationChoice> | null;
    if (data?.type !== 'launch.notification' || typeof data.launchId !== 'string') return;
    if (data.start && list().some((r) => r.launchId === data.launchId)) onStart(data.launchId);
  };
  navigator.serviceWorker?.addEventListener('message', fromWorker);
  onCleanup(() => {
    unsubscribe();
    navigator.serviceWorker?.removeEventListener('message', fromWorker);
    for (const timer of timers.values()) clearTimeout(timer);
  });
  return { list, dismiss };
}

/** A system notification through the service worker, only when the page cannot be seen and permission was given. */
async function notifyIfHidden(request: LaunchRequest): Promise<void> {
  if (document.visibilityState !== 'hidden') return;
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const registration = await navigator.serviceWorker?.getRegistration();
  if (!registration) return;
  await registration.showNotification(t('launch.prompt', { name: request.helper.name }), {
    body: t('launch.notificationBody'),
    tag: request.launchId,
    requireInteraction: true,
    data: { launchId: request.launchId },
    // Actions are shown where the platform supports them; choosing the notification itself opens the in-app prompt.
    ...({ actions: [{ action: 'start', title: t('launch.start') }] } as NotificationOptions),
  });
}

/** Asks for permission to show launch notifications while the app is hidden; true when allowed. */
export async function allowLaunchNotifications(): Promise<boolean> {
  if (typeof Notification === 'undefined') return false;
  return (await Notification.requestPermission()) === 'granted';
}
