/**
 * The TURN credentials the server mints, against a real coturn (Debian's turnserver and its test client): fresh ones
 * allocate a relay address; expired ones and ones signed with another secret are refused. coturn checks expiry only
 * when allocating, which is why the app fetches credentials afresh for every connection.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTurnServer } from '../../e2e/relay.ts';
import { iceConfigFor } from '../../server/sessions/ice-servers.ts';
import { ROSTER } from '../fixtures/roster.ts';

const run = promisify(execFile);
const SECRET = 'turn-credentials-test';
let turn: Awaited<ReturnType<typeof startTurnServer>>;

beforeAll(async () => {
  turn = await startTurnServer(SECRET);
});
afterAll(() => turn.stop());

/** Asks the relay for an allocation with the credentials the server hands out at `now` for `secret`. */
async function allocate(secret: string, now: number, transport: 'udp' | 'tcp'): Promise<string> {
  const config = {
    iceServers: [{ urls: `${turn.origin}?transport=${transport}` }],
    turn: { secret, ttlSeconds: 600 },
    iceTransportPolicy: 'relay' as const,
  };
  const server = iceConfigFor(config, ROSTER.alex.id, now).iceServers[0];
  const args = ['-y', '-n', '1', '-m', '1', '-u', server?.username ?? '', '-w', server?.credential ?? ''];
  if (transport === 'tcp') args.push('-t');
  // The client exits non-zero when the relay refuses; what it printed says why either way.
  const result = await run('turnutils_uclient', [...args, '-p', String(turn.port), '127.0.0.1'], {
    timeout: 20_000,
  }).catch((error: { stdout?: string; stderr?: string }) => error);
  return `${result.stdout ?? ''}${result.stderr ?? ''}`;
}

describe('TURN credentials against coturn', () => {
  for (const transport of ['udp', 'tcp'] as const) {
    it(`allocates with fresh credentials over ${transport}`, async () => {
      const out = await allocate(SECRET, Date.now(), transport);
      expect(out).not.toContain('Cannot complete Allocation');
      expect(out).toMatch(/Total lost packets 0/);
    });
  }

  it('refuses credentials that expired', async () => {
    expect(await allocate(SECRET, Date.now() - 3600_000, 'udp')).toContain('Cannot complete Allocation');
  });

  it('refuses credentials signed with another secret', async () => {
    expect(await allocate('not-the-relay-secret', Date.now(), 'udp')).toContain('Cannot complete Allocation');
  });
});
