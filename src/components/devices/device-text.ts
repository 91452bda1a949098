/** How device facts read in the app's language. */
import type { Compliance } from '@remote-help/protocol/domain';
import { locale, t } from '../../i18n/i18n.ts';

export const COMPLIANCE_STATES: readonly Compliance[] = ['compliant', 'not_compliant', 'unknown'];

export const complianceText = (c: Compliance) => t(`devices.complianceState.${c}`);

export function timeText(iso: string | null): string {
  if (!iso) return t('devices.never');
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
