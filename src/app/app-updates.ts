/**
 * The service worker: precaches the app shell so the app opens offline, and tells when a new version is waiting.
 * The new version takes over only when the person chooses "Reload to update" (a live session is never cut by it).
 */

import { registerSW } from 'virtual:pwa-register';
import { createSignal } from 'solid-js';
import { recordDiagnostic } from '../diagnostics/diagnostics-log.ts';

const [updateWaiting, setUpdateWaiting] = createSignal(false);
let applyUpdate: ((reload?: boolean) => Promise<void>) | undefined;

export function startServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  applyUpdate = registerSW({
    onNeedRefresh: () => {
      recordDiagnostic('app.update_waiting');
      setUpdateWaiting(true);
    },
    onOfflineReady: () => recordDiagnostic('app.offline_ready'),
    onRegisterError: (error: unknown) =>
      recordDiagnostic('app.service_worker_failed', { error: error instanceof Error ? error.name : 'unknown' }),
  });
}

export { updateWaiting };

/** Activates the waiting version and reloads into it. */
export async function reloadToUpdate(): Promise<void> {
  recordDiagnostic('app.update_applied');
  if (applyUpdate) await applyUpdate(true);
  else window.location.reload();
}
