import type { IdentityCard as Card } from '@remote-help/protocol/domain';
import { Show } from 'solid-js';
import { t } from '../i18n/i18n.ts';

/** Who the other person is (spec 3.3): picture, name, job title, company and whether their domain is verified. */
export function IdentityCard(props: { card: Card; heading: string }) {
  return (
    <section class="panel flex items-center gap-5" aria-label={props.heading}>
      <img
        src={props.card.photo}
        alt={t('card.photoAlt', { name: props.card.name })}
        class="h-20 w-20 shrink-0 rounded-full"
        width="80"
        height="80"
      />
      <div class="min-w-0">
        <p class="text-sm font-medium text-slate-600 dark:text-slate-300">{props.heading}</p>
        <h2 class="text-xl font-semibold">{props.card.name}</h2>
        <p>{props.card.jobTitle}</p>
        <p>{props.card.company}</p>
        <p class="mt-1 flex items-center gap-2 text-sm">
          <span>{props.card.domain}</span>
          <Show
            when={props.card.domainVerified}
            fallback={
              <span class="rounded bg-amber-100 px-2 py-0.5 font-semibold text-amber-900" role="note">
                ⚠ {t('card.unverified')}
              </span>
            }
          >
            <span class="rounded bg-emerald-100 px-2 py-0.5 font-semibold text-emerald-900">
              <span aria-hidden="true">✓ </span>
              {t('card.verified')}
            </span>
          </Show>
        </p>
      </div>
    </section>
  );
}
