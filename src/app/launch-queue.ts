/**
 * Links opened while the installed app runs. The manifest's launch_handler (client_mode focus-existing) makes the
 * browser bring the running window forward and hand it the link through the Launch Handler API, instead of
 * reloading it — which would drop a call in progress. Browsers without the API open links as pages, as before.
 */
interface LaunchParams {
  targetURL?: string;
}
interface LaunchQueue {
  setConsumer(consumer: (params: LaunchParams) => void): void;
}

export function onLaunch(listener: (url: URL) => void, target: { launchQueue?: LaunchQueue } = window as never): void {
  target.launchQueue?.setConsumer((params) => {
    if (!params.targetURL) return;
    try {
      listener(new URL(params.targetURL));
    } catch {
      // Not a URL: nothing to open.
    }
  });
}
