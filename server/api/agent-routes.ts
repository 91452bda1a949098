/**
 * What the sharer's control agent needs from the server (spec 6): the keys it checks grants against, and the Windows
 * program itself. The server hands out the remote-help-agent.exe built next to it (never committed:
 * `npm run build:agent-windows`), or points sharers to where the organisation publishes it
 * (AGENT_WINDOWS_DOWNLOAD_URL). It is the same open program for everyone, so no sign-in is asked for it.
 */
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { HTTP_API } from '@remote-help/protocol/http-api';
import type { FastifyInstance } from 'fastify';
import type { AgentGrants } from '../agent-grants/agent-grants.ts';
import type { ServerConfig } from '../config.ts';
import { Refusal } from '../domain/refusal.ts';
import { serve } from './endpoint.ts';

const DOWNLOAD = HTTP_API.agent.downloadWindows;

/** What the app is told: the configured address, this server's download if the program is there, or nothing. */
export function windowsAgentDownload(config: Pick<ServerConfig, 'agentWindows'>): string | null {
  if (config.agentWindows.downloadUrl) return config.agentWindows.downloadUrl;
  return existsSync(config.agentWindows.exe) ? DOWNLOAD.path : null;
}

export interface AgentRouteDeps {
  config: Pick<ServerConfig, 'agentWindows'>;
  agentGrants: AgentGrants;
}

export function registerAgentRoutes(app: FastifyInstance, { config, agentGrants }: AgentRouteDeps): void {
  serve(app, HTTP_API.agent.jwks, async ({ reply }) => {
    reply.header('cache-control', 'public, max-age=300');
    return agentGrants.jwks();
  });

  serve(app, DOWNLOAD, async ({ reply }) => {
    const { downloadUrl, exe } = config.agentWindows;
    if (downloadUrl) return reply.redirect(downloadUrl, 302);
    const file = await stat(exe).catch(() => null);
    if (!file?.isFile()) {
      throw new Refusal('not_found', 'This server has no Windows agent to hand out.');
    }
    return reply
      .header('content-type', DOWNLOAD.response.file)
      .header('content-disposition', 'attachment; filename="remote-help-agent.exe"')
      .header('content-length', String(file.size))
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .send(createReadStream(exe));
  });
}
