/**
 * Issue 15: agent grants signed on one node verify with another node's key set (one KEYS_DIR), and a key rotation
 * overlaps: the new key is published before it signs, the old one stays published for the grants it signed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_GRANT_AUDIENCE } from '@remote-help/protocol/agent';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentGrants } from './agent-grants.ts';
import { GRANT_KEY_OVERLAP_MS, loadOrCreateGrantKeys, rotateGrantKey } from './grant-keys.ts';

const ISSUER = 'https://help.example.com';
let keysDir: string;
let clock: number;
const request = { sessionId: 's1', device: 'd1', modes: ['view' as const, 'control' as const] };

/** A node as it reads KEYS_DIR now. */
const node = async () => new AgentGrants(await loadOrCreateGrantKeys(keysDir), ISSUER, () => clock);
const verifiedBy = async (verifier: AgentGrants, token: string) =>
  (await jwtVerify(token, createLocalJWKSet(verifier.jwks()), { issuer: ISSUER, audience: AGENT_GRANT_AUDIENCE }))
    .payload.sub;

beforeEach(() => {
  keysDir = mkdtempSync(join(tmpdir(), 'remote-help-grant-keys-'));
  clock = Date.now();
});
afterEach(() => rmSync(keysDir, { recursive: true, force: true }));

describe('agent-grant keys shared by the nodes', () => {
  it("a grant signed on node A verifies with node B's key set", async () => {
    const [a, b] = [await node(), await node()];
    const { token } = await a.issue(request);
    expect(await verifiedBy(b, token)).toBe('s1');
    expect(b.jwks()).toEqual(a.jwks());
  });

  it('a rotation publishes the new key before it signs and keeps the old one published for its grants', async () => {
    const before = await node();
    const old = await before.issue(request);
    await rotateGrantKey(keysDir, clock);

    // Every node (reading the files again) now publishes both, and still signs with the old key.
    const [a, b] = [await node(), await node()];
    expect(b.jwks().keys).toHaveLength(2);
    const during = await a.issue(request);
    expect(decodeProtectedHeader(during.token).kid).toBe(decodeProtectedHeader(old.token).kid);

    // From signFrom on, the new key signs; both old and new grants verify with the other node's set.
    clock += GRANT_KEY_OVERLAP_MS;
    const after = await a.issue(request);
    expect(decodeProtectedHeader(after.token).kid).not.toBe(decodeProtectedHeader(old.token).kid);
    expect(b.jwks().keys.map((k) => k.kid)).toContain(decodeProtectedHeader(after.token).kid);
    expect(await verifiedBy(b, after.token)).toBe('s1');
    expect(await verifiedBy(b, old.token)).toBe('s1');
    // Only public halves are published.
    expect(b.jwks().keys.some((k) => 'd' in k)).toBe(false);
  });
});
