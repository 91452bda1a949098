// Imported into the app's service worker (vite.config.ts, workbox.importScripts): choosing a remote-launch
// notification (spec 3.2) brings the app forward and tells it which request, and whether "Start Remote Help" was chosen.
self.addEventListener('notificationclick', (event) => {
  const launchId = event.notification.data?.launchId;
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
