import { describe, expect, it } from 'vitest';
import { agentCapabilitiesOf, agentDownloadFor } from './agent-capabilities.ts';

const info = {
  type: 'agent.info' as const,
  version: '0.1.0',
  device: 'd',
  backend: 'windows',
  screen: { width: 1920, height: 1080 },
  canSignOut: true,
};

describe('the agent’s capabilities', () => {
  it('are what a connected agent reports, with its backend', () => {
    expect(
      agentCapabilitiesOf({
        kind: 'connected',
        info: { ...info, capabilities: { adminPrompts: false, ctrlAltDelete: false } },
      }),
    ).toEqual({ adminPrompts: false, ctrlAltDelete: false, backend: 'windows' });
  });

  it('are unknown without an agent, or from an agent too old to report them', () => {
    expect(agentCapabilitiesOf({ kind: 'unavailable' })).toBeNull();
    expect(agentCapabilitiesOf({ kind: 'connecting' })).toBeNull();
    expect(agentCapabilitiesOf({ kind: 'connected', info })).toBeNull();
  });
});

describe('the agent download offered', () => {
  const windows10 =
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';
  const linux = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';
  const downloads = { windows: '/api/agent/download/windows' };

  it('is the Windows program for a sharer on Windows', () => {
    expect(agentDownloadFor(downloads, { userAgent: windows10 })).toBe('/api/agent/download/windows');
    // User-Agent Client Hints, where the browser reduces the User-Agent string.
    expect(agentDownloadFor(downloads, { userAgent: linux, platform: 'Windows' })).toBe('/api/agent/download/windows');
  });

  it('is nothing elsewhere, or when the server offers none', () => {
    expect(agentDownloadFor(downloads, { userAgent: linux, platform: 'Linux' })).toBeNull();
    expect(agentDownloadFor({ windows: null }, { userAgent: windows10 })).toBeNull();
  });
});
