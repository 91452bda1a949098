/** The agent's version, from its package.json, reported to the page in `agent.info`. */
import { readFileSync } from 'node:fs';

/** Set by the Windows program's build (esbuild `define`), where there is no package.json to read. */
declare const __AGENT_VERSION__: string | undefined;

export function agentVersion(): string {
  if (typeof __AGENT_VERSION__ === 'string') return __AGENT_VERSION__;
  const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
  const { version } = JSON.parse(text) as { version?: unknown };
  return typeof version === 'string' ? version : '0.0.0';
}
