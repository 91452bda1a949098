import type {
  AssignmentInput,
  AssignmentView,
  GroupView,
  PersonView,
  RoleInput,
  RoleView,
  TenantSettings,
} from '@remote-help/protocol/settings';
import { createResource, Show } from 'solid-js';
import { t } from '../../i18n/i18n.ts';
import { ErrorMessage } from '../ErrorMessage.tsx';
import { focusOnMount } from '../focus-on-mount.ts';
import { errorCode } from '../form-values.ts';
import { AssignmentsSection } from './AssignmentsSection.tsx';
import { RolesSection } from './RolesSection.tsx';
import { SettingsSection } from './SettingsSection.tsx';

/** What the page asks of the server; the app passes its API client. */
export interface AdministrationApi {
  roles(): Promise<RoleView[]>;
  createRole(input: RoleInput): Promise<RoleView>;
  updateRole(id: string, input: RoleInput): Promise<RoleView>;
  deleteRole(id: string): Promise<void>;
  groups(): Promise<GroupView[]>;
  people(): Promise<PersonView[]>;
  assignments(): Promise<AssignmentView[]>;
  createAssignment(input: AssignmentInput): Promise<AssignmentView>;
  deleteAssignment(id: number): Promise<void>;
  settings(): Promise<TenantSettings>;
  saveSettings(settings: TenantSettings): Promise<TenantSettings>;
}

/**
 * Administration (spec 3.4, 5.3), for people with manageRemoteHelp: roles, who holds them over whom, and the
 * tenant's settings. Every change reaches new sessions at once.
 */
export function AdministrationScreen(props: { api: AdministrationApi; onBack: () => void }) {
  const [roles, { refetch: refetchRoles }] = createResource(() => props.api.roles());
  const [assignments, { refetch: refetchAssignments }] = createResource(() => props.api.assignments());
  const [people] = createResource(() => props.api.people());
  const [groups] = createResource(() => props.api.groups());
  const [settings] = createResource(() => props.api.settings());
  const loadError = () => roles.error ?? assignments.error ?? people.error ?? groups.error ?? settings.error;

  return (
    <main id="main" class="mx-auto mt-8 flex max-w-6xl flex-col gap-6 px-4 pb-12">
      <div class="flex items-center justify-between gap-4">
        <h1 class="text-2xl font-bold" tabIndex={-1} ref={focusOnMount}>
          {t('admin.heading')}
        </h1>
        <button type="button" class="btn-secondary" onClick={() => props.onBack()}>
          {t('admin.back')}
        </button>
      </div>
      <ErrorMessage code={errorCode(loadError())} />
      <Show when={!loadError()}>
        <Show when={roles.latest} fallback={<p role="status">{t('admin.loading')}</p>}>
          {(list) => (
            <RolesSection
              roles={list()}
              create={async (input) => {
                await props.api.createRole(input);
                await refetchRoles();
              }}
              update={async (id, input) => {
                await props.api.updateRole(id, input);
                await refetchRoles();
              }}
              remove={async (id) => {
                await props.api.deleteRole(id);
                await refetchRoles();
              }}
            />
          )}
        </Show>
        <Show when={roles.latest && assignments.latest && people.latest && groups.latest}>
          <AssignmentsSection
            assignments={assignments.latest ?? []}
            roles={roles.latest ?? []}
            people={people.latest ?? []}
            groups={groups.latest ?? []}
            create={async (input) => {
              await props.api.createAssignment(input);
              await refetchAssignments();
            }}
            remove={async (id) => {
              await props.api.deleteAssignment(id);
              await refetchAssignments();
            }}
          />
        </Show>
        <Show when={settings.latest} keyed>
          {(current) => <SettingsSection settings={current} save={(s) => props.api.saveSettings(s)} />}
        </Show>
      </Show>
    </main>
  );
}
