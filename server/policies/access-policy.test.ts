import { DEFAULT_TENANT_SETTINGS, type TenantSettings } from '@remote-help/protocol/settings';
import { describe, expect, it } from 'vitest';
import { checkAccess } from './access-policy.ts';

const settings = (over: Partial<TenantSettings>): TenantSettings => ({ ...DEFAULT_TENANT_SETTINGS, ...over });
const ok = { amr: ['pwd'], address: '127.0.0.1' };

describe('checkAccess', () => {
  it('lets everyone through on the defaults', () => {
    expect(checkAccess(DEFAULT_TENANT_SETTINGS, 'helpers', ok)).toBeUndefined();
    expect(checkAccess(DEFAULT_TENANT_SETTINGS, 'sharers', ok)).toBeUndefined();
  });

  it('refuses everything when Remote Help is off', () => {
    expect(checkAccess(settings({ remoteHelpEnabled: false }), 'sharers', ok)?.rule).toBe('remote_help_disabled');
  });

  it('requires mfa in amr on the side whose rule says so', () => {
    const s = settings({ helpers: { requireMfa: true, allowedRanges: [] } });
    expect(checkAccess(s, 'helpers', ok)?.code).toBe('policy_mfa_required');
    expect(checkAccess(s, 'helpers', { ...ok, amr: ['pwd', 'mfa'] })).toBeUndefined();
    expect(checkAccess(s, 'sharers', ok)).toBeUndefined();
  });

  it('allows only the listed address ranges, IPv4, IPv4-mapped and IPv6', () => {
    const s = settings({ sharers: { requireMfa: false, allowedRanges: ['10.0.0.0/8', '2001:db8::/32'] } });
    expect(checkAccess(s, 'sharers', { ...ok, address: '10.1.2.3' })).toBeUndefined();
    expect(checkAccess(s, 'sharers', { ...ok, address: '::ffff:10.1.2.3' })).toBeUndefined();
    expect(checkAccess(s, 'sharers', { ...ok, address: '2001:db8::1' })).toBeUndefined();
    expect(checkAccess(s, 'sharers', { ...ok, address: '192.168.1.1' })?.code).toBe('policy_address');
    expect(checkAccess(s, 'sharers', { ...ok, address: 'not an address' })?.code).toBe('policy_address');
    expect(checkAccess(s, 'helpers', { ...ok, address: '192.168.1.1' })).toBeUndefined();
  });
});
