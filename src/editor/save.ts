// One save, as the host runs it: re-read the lead, refuse to overwrite anything
// someone else changed meanwhile, then send what is still different.
import type { TopCallsClient } from '../api/client';
import type { Lead, LeadPatch } from '../api/schemas';
import { EDITABLE_FIELDS, leadValues, sameValue, type EditableField } from './fields';
import { merge3 } from './merge';
import { applyPatch } from './patch';

export type SaveOutcome =
  | { outcome: 'saved'; lead: Lead }
  /** Nothing was sent: `fields` were changed both here and on the server since `base`. */
  | { outcome: 'conflict'; lead: Lead; fields: EditableField[] };

/** Throws ApiError when a request fails. */
export async function saveLead(
  client: Pick<TopCallsClient, 'getLead' | 'updateLead'>,
  base: Lead,
  patch: LeadPatch,
  signal?: AbortSignal,
): Promise<SaveOutcome> {
  const current = await client.getLead(base.id, { signal });
  const before = leadValues(base);
  const mine = applyPatch(before, patch);
  const theirs = leadValues(current);
  const { conflicts } = merge3(before, mine, theirs, EDITABLE_FIELDS, (_field, a, b) => sameValue(a, b));
  if (conflicts.length > 0) {
    return { outcome: 'conflict', lead: current, fields: conflicts };
  }
  const remaining = stillDifferent(patch, theirs);
  if (!remaining) {
    // Someone already made exactly these changes.
    return { outcome: 'saved', lead: current };
  }
  return { outcome: 'saved', lead: await client.updateLead(base.id, remaining, { signal }) };
}

/** The patch without the fields the server already has; notes_append always stays. */
function stillDifferent(patch: LeadPatch, theirs: ReturnType<typeof leadValues>): LeadPatch | undefined {
  const entries = Object.entries(patch).filter(
    ([field, value]) => field === 'notes_append' || !sameValue(theirs[field as EditableField], value),
  );
  return entries.length > 0 ? (Object.fromEntries(entries) as LeadPatch) : undefined;
}
