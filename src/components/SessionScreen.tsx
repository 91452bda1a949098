import { formatList, t } from '../i18n/i18n.ts';
import type { Session } from '../protocol/schema.ts';
import { IdentityCard } from './IdentityCard.tsx';

/** After pairing: each side sees who the other is. The live session builds on this screen. */
export function SessionScreen(props: { session: Session; role: 'helper' | 'sharer'; onDone: () => void }) {
  const other = () => (props.role === 'helper' ? props.session.sharer : props.session.helper);
  return (
    <main class="mx-auto mt-12 max-w-2xl space-y-4 px-4">
      <h1 class="text-2xl font-bold" tabIndex={-1} ref={(el) => queueMicrotask(() => el.focus())}>
        {t('session.paired', { name: other().name })}
      </h1>
      <IdentityCard
        card={other()}
        heading={props.role === 'helper' ? t('session.youAreHelping') : t('session.helpingYou')}
      />
      <p>
        {t('session.permittedModes', {
          modes: formatList(props.session.permittedModes.map((m) => t(`mode.${m}`))),
        })}
      </p>
      <button type="button" class="btn-secondary" onClick={() => props.onDone()}>
        {t('session.done')}
      </button>
    </main>
  );
}
