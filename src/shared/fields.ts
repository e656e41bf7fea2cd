// The editable part of a lead as plain values, and how two such values compare.
// Free of `vscode` and the DOM: the webview bundles it too.
import type { LeadPatch } from './schemas';

/** Every lead field a user can set. notes_append is not one: it is an action, not a value. */
export const EDITABLE_FIELDS = ['name', 'phone_number', 'email', 'status', 'notes', 'tags', 'metadata'] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/** A lead's editable values with absent optional fields spelled out (null / {}), so equal means equal. */
export type LeadValues = Required<Pick<LeadPatch, EditableField>>;

/** Structural equality for JSON values; object key order does not matter, array order does. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  const aKeys = Object.keys(a);
  const bRecord = b as Record<string, unknown>;
  return (
    aKeys.length === Object.keys(b).length &&
    aKeys.every((key) => Object.hasOwn(bRecord, key) && sameValue((a as Record<string, unknown>)[key], bRecord[key]))
  );
}
