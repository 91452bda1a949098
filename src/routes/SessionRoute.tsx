/** One open session (/sessions/:id); a session this page does not hold (ended, or closed meanwhile) leads home. */
import { Navigate, useNavigate, useParams } from '@solidjs/router';
import { Show } from 'solid-js';
import { HelperSessionScreen } from '../components/session/HelperSessionScreen.tsx';
import { SharerSessionScreen } from '../components/session/SharerSessionScreen.tsx';
import { paths } from './paths.ts';
import type { SignedInServices } from './signed-in-services.ts';

export function SessionRoute(props: { app: SignedInServices }) {
  const navigate = useNavigate();
  const params = useParams<{ id: string }>();
  const { sessions, can } = props.app;
  const close = (id: string) => {
    navigate(paths.home);
    sessions.remove(id);
  };
  const openDevice = (id: string) => navigate(paths.device(id));
  // Keyed: moving to another session renders that session's screen afresh.
  return (
    <Show when={sessions.find(params.id)} keyed fallback={<Navigate href={paths.home} />}>
      {(live) =>
        live.role === 'helper' ? (
          <HelperSessionScreen
            live={live}
            onClose={() => close(live.session.id)}
            onOpenDevice={can('readDevices') ? openDevice : undefined}
          />
        ) : (
          <SharerSessionScreen live={live} onClose={() => close(live.session.id)} />
        )
      }
    </Show>
  );
}
