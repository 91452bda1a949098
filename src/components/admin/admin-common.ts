/** Pieces the Administration page's sections share. */
import { type Permission, permissionSchema } from '@remote-help/protocol/domain';
import { t } from '../../i18n/i18n.ts';

/** Every permission, in the order of spec 3.4. */
export const PERMISSIONS: readonly Permission[] = permissionSchema.options;

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
