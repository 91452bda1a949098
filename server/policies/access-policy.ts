/**
 * Conditional access (spec 5.3): whether a helper or a sharer may go on, given the tenant's settings, the sign-in's
 * authentication methods (`amr`) and the request's address. Pure; the caller refuses and audits with the rule named.
 */
import { BlockList, isIP } from 'node:net';
import type { ErrorCode } from '@remote-help/protocol/errors';
import type { AccessRules, TenantSettings } from '@remote-help/protocol/settings';

export type PolicyRule = 'remote_help_disabled' | 'mfa_required' | 'address_not_allowed';

export interface PolicyRefusal {
  rule: PolicyRule;
  code: Extract<ErrorCode, 'policy_disabled' | 'policy_mfa_required' | 'policy_address'>;
  message: string;
}

function inRanges(address: string, ranges: readonly string[]): boolean {
  const list = new BlockList();
  for (const range of ranges) {
    const [net = '', prefix = ''] = range.split('/');
    const type = isIP(net) === 6 ? 'ipv6' : 'ipv4';
    list.addSubnet(net, Number(prefix), type);
  }
  // An IPv4 client on a dual-stack socket arrives as ::ffff:a.b.c.d.
  const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  const type = isIP(plain) === 6 ? 'ipv6' : 'ipv4';
  return isIP(plain) !== 0 && list.check(plain, type);
}

export function checkAccess(
  settings: TenantSettings,
  side: 'helpers' | 'sharers',
  request: { amr: readonly string[]; address: string },
): PolicyRefusal | undefined {
  if (!settings.remoteHelpEnabled) {
    return { rule: 'remote_help_disabled', code: 'policy_disabled', message: 'Remote Help is turned off.' };
  }
  const rules: AccessRules = settings[side];
  if (rules.requireMfa && !request.amr.includes('mfa')) {
    return { rule: 'mfa_required', code: 'policy_mfa_required', message: 'Multifactor sign-in is required.' };
  }
  if (rules.allowedRanges.length > 0 && !inRanges(request.address, rules.allowedRanges)) {
    return {
      rule: 'address_not_allowed',
      code: 'policy_address',
      message: 'Requests from this address are not allowed.',
    };
  }
  return undefined;
}
