import { t } from '../../i18n/i18n.ts';
import type { LocalEndReason } from '../../machines/session-shared.ts';
import { focusOnMount } from '../focus-on-mount.ts';

export function SessionEnded(props: {
  reason?: LocalEndReason;
  otherName: string;
  onClose: () => void;
  /** Something the person must do now that the session is over. */
  problem?: string;
}) {
  return (
    <div class="panel space-y-3">
      <h2 class="text-xl font-semibold" tabIndex={-1} ref={focusOnMount}>
        {t('session.ended')}
      </h2>
      <p role="alert">{t(`session.endedReason.${props.reason ?? 'connection_lost'}`, { name: props.otherName })}</p>
      {props.problem ? <p role="alert">{props.problem}</p> : null}
      <button type="button" class="btn-primary" onClick={() => props.onClose()}>
        {t('session.close')}
      </button>
    </div>
  );
}
