/** Pieces the Administration page's sections share. */
import { t } from '../../i18n/i18n.ts';
import { type Permission, permissionSchema } from '../../protocol/schema.ts';

/** Every permission, in the order of spec 3.4. */
export const PERMISSIONS: readonly Permission[] = permissionSchema.options;

export const FIELD_CLASS = 'rounded-lg border border-slate-500 bg-white px-3 py-2 font-normal dark:bg-slate-800';

/** The stable code of a refusal or failure, for ErrorMessage. */
export function errorCode(error: unknown): string | undefined {
  if (!error) return undefined;
  return typeof error === 'object' && 'code' in error ? String(error.code) : 'internal';
}

export function permissionLabel(permission: Permission): string {
  return t(`admin.permissions.${permission}`);
}

/**
 * Runs one administrator action: clears the section's last message and error, then shows the outcome — a status
 * message on success, the server's refusal otherwise.
 */
export async function runAction(
  work: () => Promise<string>,
  show: { status: (text: string) => void; error: (error: unknown) => void },
): Promise<boolean> {
  show.status('');
  show.error(undefined);
  try {
    show.status(await work());
    return true;
  } catch (error) {
    show.error(error);
    return false;
  }
}
