/**
 * The Windows agent's download. The server hands out the remote-help-agent.exe built next to it (never committed:
 * `npm run build:agent-windows`), or points sharers to where the organisation publishes it (AGENT_WINDOWS_DOWNLOAD_URL).
 * It is the same open program for everyone, so no sign-in is asked for it.
 */
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from '../config.ts';
import { Refusal } from '../domain/refusal.ts';

export const WINDOWS_AGENT_DOWNLOAD_PATH = '/api/agent/download/windows';

/** What the app is told: the configured address, this server's download if the program is there, or nothing. */
export function windowsAgentDownload(config: Pick<ServerConfig, 'agentWindows'>): string | null {
  if (config.agentWindows.downloadUrl) return config.agentWindows.downloadUrl;
  return existsSync(config.agentWindows.exe) ? WINDOWS_AGENT_DOWNLOAD_PATH : null;
}

export function registerAgentDownloadRoutes(app: FastifyInstance, config: Pick<ServerConfig, 'agentWindows'>): void {
  app.get(WINDOWS_AGENT_DOWNLOAD_PATH, async (_req, reply) => {
    const { downloadUrl, exe } = config.agentWindows;
    if (downloadUrl) return reply.redirect(downloadUrl, 302);
    const file = await stat(exe).catch(() => null);
    if (!file?.isFile()) {
      throw new Refusal('not_found', 'This server has no Windows agent to hand out.');
    }
    return reply
      .header('content-type', 'application/vnd.microsoft.portable-executable')
      .header('content-disposition', 'attachment; filename="remote-help-agent.exe"')
      .header('content-length', String(file.size))
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .send(createReadStream(exe));
  });
}
