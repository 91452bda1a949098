/** Home (/), Reports (/reports) and Administration (/admin). */
import { useNavigate } from '@solidjs/router';
import { saveFile } from '../app/save-file.ts';
import { AdministrationScreen } from '../components/admin/AdministrationScreen.tsx';
import { DeviceStatus } from '../components/devices/DeviceStatus.tsx';
import { HomeScreen } from '../components/HomeScreen.tsx';
import { ReportsScreen } from '../components/ReportsScreen.tsx';
import { paths } from './paths.ts';
import type { SignedInServices } from './signed-in-services.ts';

export function HomeRoute(props: { app: SignedInServices }) {
  const navigate = useNavigate();
  const { me, can, deviceIdentity } = props.app;
  return (
    <>
      <HomeScreen
        canHelp={me.helpModes.length > 0}
        canReadReports={can('readReports')}
        onReports={() => navigate(paths.reports)}
        canAdminister={can('manageRemoteHelp')}
        onAdministration={() => navigate(paths.administration)}
        onGiveHelp={() => navigate(paths.giveHelp)}
        onGetHelp={() => navigate(paths.getHelp)}
        canReadDevices={can('readDevices')}
        onDevices={() => navigate(paths.devices)}
      />
      <DeviceStatus enrolled={deviceIdentity.get()} onEnroll={() => navigate(paths.enroll)} />
    </>
  );
}

export function ReportsRoute(props: { app: SignedInServices }) {
  const navigate = useNavigate();
  const { api } = props.app;
  return (
    <ReportsScreen
      load={(query) => api.sessionReport(query)}
      exportCsv={async (query) => saveFile('remote-help-sessions.csv', await api.sessionReportCsv(query))}
      onBack={() => navigate(paths.home)}
    />
  );
}

export function AdministrationRoute(props: { app: SignedInServices }) {
  const navigate = useNavigate();
  return <AdministrationScreen api={props.app.api} onBack={() => navigate(paths.home)} />;
}
