/**
 * What this machine's control agent can reach beyond ordinary windows, as the page tells the helper and shows the
 * sharer. Unknown (null) when no agent is connected or it is too old to say: then nothing is claimed either way.
 */
import type { ClientConfig } from '@remote-help/protocol/app-api';
import type { AgentCapabilities } from '@remote-help/protocol/peer-channels';
import type { AgentStatus } from './agent-link.ts';

export function agentCapabilitiesOf(status: AgentStatus): AgentCapabilities | null {
  if (status.kind !== 'connected' || !status.info.capabilities) return null;
  return { ...status.info.capabilities, backend: status.info.backend };
}

/** The Windows agent's download for a sharer on Windows, if the server offers one; null anywhere else. */
export function agentDownloadFor(
  downloads: ClientConfig['agentDownloads'],
  browser: { userAgent: string; platform?: string },
): string | null {
  const onWindows = browser.platform === 'Windows' || /\bWindows NT\b/.test(browser.userAgent);
  return onWindows ? downloads.windows : null;
}
