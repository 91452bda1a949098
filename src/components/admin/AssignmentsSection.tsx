import type { AssignmentInput, AssignmentView, GroupView, PersonView, RoleView } from '@remote-help/protocol/settings';
import { createSignal, For, Show } from 'solid-js';
import { formatList, t } from '../../i18n/i18n.ts';
import { DataTable } from '../DataTable.tsx';
import { FIELD_CLASS } from '../form-values.ts';
import { runAction } from './admin-common.ts';
import { SectionMessages } from './SectionMessages.tsx';

/**
 * Assignments (spec 3.4): which person or group holds which role, over everyone or over named groups. The
 * administrator adds and removes them; a change counts from the next session on.
 */
export function AssignmentsSection(props: {
  assignments: AssignmentView[];
  roles: RoleView[];
  people: PersonView[];
  groups: GroupView[];
  create: (input: AssignmentInput) => Promise<unknown>;
  remove: (id: number) => Promise<unknown>;
}) {
  const [status, setStatus] = createSignal('');
  const [error, setError] = createSignal<unknown>();
  const [problem, setProblem] = createSignal<string>();
  const [scopeKind, setScopeKind] = createSignal<'all' | 'groups'>('all');
  const show = { status: setStatus, error: setError };

  const roleName = (id: string) => props.roles.find((r) => r.id === id)?.name ?? t('admin.assignments.unknown');
  const groupName = (id: string) => props.groups.find((g) => g.id === id)?.name ?? t('admin.assignments.unknown');
  const principalName = (a: AssignmentView) =>
    a.principal.type === 'group'
      ? t('admin.assignments.groupPrincipal', { name: groupName(a.principal.id) })
      : (props.people.find((p) => p.id === a.principal.id)?.name ?? t('admin.assignments.unknown'));
  const scopeText = (a: AssignmentView) =>
    a.scope === 'all' ? t('admin.assignments.all') : formatList(a.scope.groups.map(groupName));

  const submit = (form: HTMLFormElement) => {
    const data = new FormData(form);
    const [type, ...rest] = String(data.get('principal') ?? '').split(':');
    const groups = data.getAll('scopeGroups').map(String);
    if (scopeKind() === 'groups' && groups.length === 0) {
      setProblem(t('admin.assignments.needGroup'));
      return;
    }
    setProblem(undefined);
    const input: AssignmentInput = {
      roleId: String(data.get('role') ?? ''),
      principal: { type: type === 'group' ? 'group' : 'user', id: rest.join(':') },
      scope: scopeKind() === 'all' ? 'all' : { groups },
    };
    void runAction(async () => {
      await props.create(input);
      form.reset();
      setScopeKind('all');
      (form.elements.namedItem('scopeKind') as RadioNodeList).value = 'all';
      return t('admin.assignments.added');
    }, show);
  };

  return (
    <section class="panel flex flex-col gap-4" aria-labelledby="admin-assignments">
      <h2 id="admin-assignments" class="text-xl font-bold">
        {t('admin.assignments.heading')}
      </h2>
      <Show when={props.assignments.length > 0} fallback={<p>{t('admin.assignments.none')}</p>}>
        <DataTable
          caption={t('admin.assignments.caption')}
          rows={props.assignments}
          columns={[
            { header: () => t('admin.assignments.columns.role'), cell: (assignment) => roleName(assignment.roleId) },
            { header: () => t('admin.assignments.columns.principal'), cell: principalName },
            { header: () => t('admin.assignments.columns.scope'), cell: scopeText },
            {
              header: () => t('admin.assignments.columns.actions'),
              cell: (assignment) => (
                <button
                  type="button"
                  class="btn-secondary"
                  onClick={() =>
                    runAction(async () => {
                      await props.remove(assignment.id);
                      return t('admin.assignments.removed');
                    }, show)
                  }
                >
                  {t('admin.assignments.remove')}
                </button>
              ),
            },
          ]}
        />
      </Show>
      <h3 class="text-lg font-semibold">{t('admin.assignments.create')}</h3>
      <form
        class="flex flex-wrap items-start gap-6 rounded-lg border border-slate-300 p-4 dark:border-slate-700"
        aria-label={t('admin.assignments.create')}
        onSubmit={(e) => {
          e.preventDefault();
          submit(e.currentTarget);
        }}
      >
        <label class="flex flex-col gap-1 font-semibold">
          {t('admin.assignments.role')}
          <select name="role" required class={FIELD_CLASS}>
            <option value="">{t('admin.assignments.choose')}</option>
            <For each={props.roles}>{(role) => <option value={role.id}>{role.name}</option>}</For>
          </select>
        </label>
        <label class="flex flex-col gap-1 font-semibold">
          {t('admin.assignments.principal')}
          <select name="principal" required class={FIELD_CLASS}>
            <option value="">{t('admin.assignments.choose')}</option>
            <optgroup label={t('admin.assignments.people')}>
              <For each={props.people}>
                {(person) => (
                  <option value={`user:${person.id}`}>
                    {t('admin.assignments.personOption', { name: person.name, email: person.email })}
                  </option>
                )}
              </For>
            </optgroup>
            <Show when={props.groups.length > 0}>
              <optgroup label={t('admin.assignments.groups')}>
                <For each={props.groups}>{(group) => <option value={`group:${group.id}`}>{group.name}</option>}</For>
              </optgroup>
            </Show>
          </select>
        </label>
        <fieldset class="flex flex-col gap-1">
          <legend class="mb-1 font-semibold">{t('admin.assignments.scope')}</legend>
          <label class="flex items-center gap-2">
            <input
              type="radio"
              name="scopeKind"
              value="all"
              checked={scopeKind() === 'all'}
              onChange={() => setScopeKind('all')}
            />
            {t('admin.assignments.scopeAll')}
          </label>
          <label class="flex items-center gap-2">
            <input
              type="radio"
              name="scopeKind"
              value="groups"
              checked={scopeKind() === 'groups'}
              onChange={() => setScopeKind('groups')}
            />
            {t('admin.assignments.scopeGroups')}
          </label>
          <Show when={scopeKind() === 'groups'}>
            <fieldset class="ms-6 mt-1 flex flex-col gap-1">
              <legend class="font-semibold">{t('admin.assignments.scopeGroupList')}</legend>
              <For each={props.groups} fallback={<p>{t('admin.assignments.noGroups')}</p>}>
                {(group) => (
                  <label class="flex items-center gap-2">
                    <input type="checkbox" name="scopeGroups" value={group.id} class="h-4 w-4" />
                    {group.name}
                  </label>
                )}
              </For>
            </fieldset>
          </Show>
        </fieldset>
        <button type="submit" class="btn-primary self-end">
          {t('admin.assignments.add')}
        </button>
      </form>
      <SectionMessages status={status()} error={error()} problem={problem()} />
    </section>
  );
}
