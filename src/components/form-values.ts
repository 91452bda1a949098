/** What the app's forms share: field styling, reading optional fields, and the code of a refusal to show. */

export const FIELD_CLASS = 'rounded-lg border border-slate-500 bg-white px-3 py-2 font-normal dark:bg-slate-800';

/** A form field's trimmed text, or undefined when it is empty (an unset filter). */
export function optionalText(data: FormData, name: string): string | undefined {
  const value = String(data.get(name) ?? '').trim();
  return value === '' ? undefined : value;
}

/** The stable code of a refusal or failure, for ErrorMessage; undefined when there is none. */
export function errorCode(error: unknown): string | undefined {
  if (!error) return undefined;
  return typeof error === 'object' && 'code' in error ? String(error.code) : 'internal';
}
