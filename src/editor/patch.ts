// The smallest PATCH body that turns the lead as loaded into what the user wants.
import type { Lead, LeadPatch } from '../api/schemas';
import { EDITABLE_FIELDS, leadValues, sameValue, type EditedValues, type LeadValues } from './fields';

/** Only the fields that differ from `base`, plus a note to append; undefined when there is nothing to send. */
export function diffLead(base: Lead, draft: EditedValues): LeadPatch | undefined {
  const before = leadValues(base);
  const patch: Record<string, unknown> = {};
  for (const field of EDITABLE_FIELDS) {
    if (!sameValue(before[field], draft[field])) patch[field] = draft[field];
  }
  if (draft.notes_append) patch.notes_append = draft.notes_append;
  return Object.keys(patch).length > 0 ? (patch as LeadPatch) : undefined;
}

/** The values a lead would have after `patch` (notes_append aside: the server decides how it joins). */
export function applyPatch(values: LeadValues, patch: LeadPatch): LeadValues {
  const next: Record<string, unknown> = { ...values };
  for (const field of Object.keys(values)) {
    const value = (patch as Record<string, unknown>)[field];
    if (value !== undefined) next[field] = value;
  }
  return next as LeadValues;
}
