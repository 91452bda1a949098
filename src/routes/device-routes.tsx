/** Devices (/devices), one device (/devices/:id) and enrolling this one (/enroll?token=…) — spec 5.1, 3.2. */
import { useNavigate, useParams, useSearchParams } from '@solidjs/router';
import { Show } from 'solid-js';
import { makeLaunchActor } from '../app/launch-actors.ts';
import { allowLaunchNotifications } from '../app/launch-requests.ts';
import { DeviceDetailsScreen } from '../components/devices/DeviceDetailsScreen.tsx';
import { DevicesScreen } from '../components/devices/DevicesScreen.tsx';
import { EnrollScreen } from '../components/devices/EnrollScreen.tsx';
import { describeOs } from '../devices/device-identity.ts';
import { enrollLink, enrollTokenOf, paths } from './paths.ts';
import type { SignedInServices } from './signed-in-services.ts';

export function DevicesRoute(props: { app: SignedInServices }) {
  const navigate = useNavigate();
  const { devices, can } = props.app;
  return (
    <DevicesScreen
      load={devices.list}
      createToken={can('manageRemoteHelp') ? devices.createEnrollmentToken : undefined}
      enrollLink={enrollLink}
      copy={(text) => navigator.clipboard.writeText(text)}
      onOpen={(id) => navigate(paths.device(id))}
      onBack={() => navigate(paths.home)}
    />
  );
}

export function DeviceRoute(props: { app: SignedInServices }) {
  const navigate = useNavigate();
  const params = useParams<{ id: string }>();
  const { devices, socket, can } = props.app;
  // Keyed: another device's page starts afresh (its own record and launch).
  return (
    <Show when={params.id} keyed>
      {(id) => (
        <DeviceDetailsScreen
          deviceId={id}
          load={devices.get}
          setCompliance={can('manageRemoteHelp') ? devices.setCompliance : undefined}
          makeLaunch={can('launchSession') ? () => makeLaunchActor(devices, socket, id) : undefined}
          onBack={() => navigate(paths.devices)}
        />
      )}
    </Show>
  );
}

export function EnrollRoute(props: { app: SignedInServices }) {
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const { devices, deviceIdentity, socket } = props.app;
  return (
    <EnrollScreen
      enrolled={deviceIdentity.get()}
      token={enrollTokenOf(search.token)}
      suggestedName={describeOs()}
      enroll={async (token, name) => {
        const device = await devices.enroll(token, name, describeOs());
        // The socket says which device it is when it connects: reconnect as this device.
        socket.reconnect();
        return device;
      }}
      allowNotifications={typeof Notification === 'undefined' ? undefined : allowLaunchNotifications}
      onBack={() => navigate(paths.home)}
    />
  );
}
