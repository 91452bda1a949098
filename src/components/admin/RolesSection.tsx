import type { Permission } from '@remote-help/protocol/domain';
import type { RoleInput, RoleView } from '@remote-help/protocol/settings';
import { createSignal, Show } from 'solid-js';
import { formatList, t } from '../../i18n/i18n.ts';
import { DataTable } from '../DataTable.tsx';
import { FIELD_CLASS } from '../form-values.ts';
import { permissionLabel, runAction } from './admin-common.ts';
import { PermissionChecklist } from './PermissionChecklist.tsx';
import { SectionMessages } from './SectionMessages.tsx';

/** A role's name and permissions as a form: creating a custom role, or editing one. */
function RoleForm(props: {
  label: string;
  submitLabel: string;
  role?: RoleView;
  onSubmit: (input: RoleInput, form: HTMLFormElement) => void;
  onCancel?: () => void;
}) {
  return (
    <form
      class="flex flex-wrap items-start gap-6 rounded-lg border border-slate-300 p-4 dark:border-slate-700"
      aria-label={props.label}
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const data = new FormData(form);
        props.onSubmit(
          {
            name: String(data.get('name') ?? '').trim(),
            permissions: data.getAll('permissions').map(String) as Permission[],
          },
          form,
        );
      }}
    >
      <label class="flex flex-col gap-1 font-semibold">
        {t('admin.roles.name')}
        <input name="name" required maxLength={100} value={props.role?.name ?? ''} class={FIELD_CLASS} />
      </label>
      <PermissionChecklist checked={props.role?.permissions} />
      <div class="flex gap-2 self-end">
        <button type="submit" class="btn-primary">
          {props.submitLabel}
        </button>
        <Show when={props.onCancel}>
          {(cancel) => (
            <button type="button" class="btn-secondary" onClick={() => cancel()()}>
              {t('admin.roles.cancel')}
            </button>
          )}
        </Show>
      </div>
    </form>
  );
}

/** Roles (spec 3.4): the built-in ones, and custom ones the administrator creates, edits and deletes. */
export function RolesSection(props: {
  roles: RoleView[];
  create: (input: RoleInput) => Promise<unknown>;
  update: (id: string, input: RoleInput) => Promise<unknown>;
  remove: (id: string) => Promise<unknown>;
}) {
  const [status, setStatus] = createSignal('');
  const [error, setError] = createSignal<unknown>();
  const [problem, setProblem] = createSignal<string>();
  const [editing, setEditing] = createSignal<RoleView>();
  const show = { status: setStatus, error: setError };

  /** Checks what the server would refuse anyway, so the person learns why in words. */
  const valid = (input: RoleInput) => {
    setProblem(input.permissions.length === 0 ? t('admin.roles.needPermission') : undefined);
    return input.permissions.length > 0;
  };

  return (
    <section class="panel flex flex-col gap-4" aria-labelledby="admin-roles">
      <h2 id="admin-roles" class="text-xl font-bold">
        {t('admin.roles.heading')}
      </h2>
      <DataTable
        caption={t('admin.roles.caption')}
        rows={props.roles}
        columns={[
          { header: () => t('admin.roles.columns.name'), cell: (role) => role.name, rowHeader: true },
          {
            header: () => t('admin.roles.columns.permissions'),
            cell: (role) => formatList(role.permissions.map(permissionLabel)),
          },
          {
            header: () => t('admin.roles.columns.kind'),
            cell: (role) => (role.builtIn ? t('admin.roles.builtIn') : t('admin.roles.custom')),
          },
          {
            header: () => t('admin.roles.columns.actions'),
            cell: (role) => (
              <Show when={!role.builtIn}>
                <div class="flex gap-2">
                  <button
                    type="button"
                    class="btn-secondary"
                    aria-expanded={editing()?.id === role.id}
                    onClick={() => setEditing(role)}
                  >
                    {t('admin.roles.edit')}
                  </button>
                  <button
                    type="button"
                    class="btn-secondary"
                    onClick={() =>
                      runAction(async () => {
                        await props.remove(role.id);
                        if (editing()?.id === role.id) setEditing(undefined);
                        return t('admin.roles.deleted', { name: role.name });
                      }, show)
                    }
                  >
                    {t('admin.roles.delete')}
                  </button>
                </div>
              </Show>
            ),
          },
        ]}
      />
      <Show when={editing()} keyed>
        {(role) => (
          <RoleForm
            label={t('admin.roles.editForm', { name: role.name })}
            submitLabel={t('admin.roles.save')}
            role={role}
            onCancel={() => setEditing(undefined)}
            onSubmit={(input) => {
              if (!valid(input)) return;
              void runAction(async () => {
                await props.update(role.id, input);
                setEditing(undefined);
                return t('admin.roles.saved', { name: input.name });
              }, show);
            }}
          />
        )}
      </Show>
      <h3 class="text-lg font-semibold">{t('admin.roles.create')}</h3>
      <RoleForm
        label={t('admin.roles.create')}
        submitLabel={t('admin.roles.createButton')}
        onSubmit={(input, form) => {
          if (!valid(input)) return;
          void runAction(async () => {
            await props.create(input);
            form.reset();
            return t('admin.roles.created', { name: input.name });
          }, show);
        }}
      />
      <SectionMessages status={status()} error={error()} problem={problem()} />
    </section>
  );
}
