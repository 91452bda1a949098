// Imported into the app's service worker (vite.config.ts, workbox.importScripts): choosing a remote-launch
// notification (spec 3.2) brings the app forward and tells it which request, and whether "Start Remote Help" was chosen;
// choosing a sharer's notification of a mode change (issue 14) brings the app forward.
self.addEventListener('notificationclick', (event) => {
  const data = event.notification.data || {};
  const launchId = data.launchId;
  if (typeof data.sessionId === 'string') {
    event.notification.close();
    event.waitUntil(
      self.clients.matchAll({ type: 'window' }).then((windows) => {
        const target = windows.find((w) => 'focus' in w);
        return target ? target.focus() : undefined;
      }),
    );
    return;
  }
  if (typeof launchId !== 'string') return;
  event.notification.close();
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(async (windows) => {
      const target = windows[0] || (await self.clients.openWindow('/'));
      if (!target) return;
      if ('focus' in target) await target.focus();
      target.postMessage({ type: 'launch.notification', launchId, start: event.action === 'start' });
    }),
  );
});
