import type { Permission } from '@remote-help/protocol/domain';
import { For } from 'solid-js';
import { t } from '../../i18n/i18n.ts';
import { PERMISSIONS, permissionLabel } from './admin-common.ts';

/** One checkbox per permission, named `permissions` in the surrounding form. */
export function PermissionChecklist(props: { checked?: readonly Permission[] }) {
  return (
    <fieldset class="flex flex-col gap-1">
      <legend class="mb-1 font-semibold">{t('admin.roles.permissions')}</legend>
      <For each={PERMISSIONS}>
        {(permission) => (
          <label class="flex items-center gap-2">
            <input
              type="checkbox"
              name="permissions"
              value={permission}
              checked={props.checked?.includes(permission) ?? false}
              class="h-4 w-4"
            />
            {permissionLabel(permission)}
          </label>
        )}
      </For>
    </fieldset>
  );
}
