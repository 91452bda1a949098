/** The file behind "Download diagnostics": the log plus what support asks first (version, browser, language). */
import { saveFile } from '../app/save-file.ts';
import { APP_VERSION } from '../app/version.ts';
import { diagnostics } from './diagnostics-log.ts';

export function diagnosticsFile(language: string): { name: string; contents: string } {
  const createdAt = new Date().toISOString();
  const contents = JSON.stringify(
    {
      app: 'remote-help',
      version: APP_VERSION,
      createdAt,
      userAgent: navigator.userAgent,
      language,
      online: navigator.onLine,
      entries: diagnostics.entries(),
    },
    null,
    2,
  );
  return { name: `remote-help-diagnostics-${createdAt.replace(/[:.]/g, '-')}.json`, contents };
}

/** Saves the file through the browser's download. */
export function downloadDiagnostics(language: string): void {
  const file = diagnosticsFile(language);
  saveFile(file.name, new Blob([file.contents], { type: 'application/json' }));
}
