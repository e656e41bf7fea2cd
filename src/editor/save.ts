// One save, as the host runs it: re-read the lead, refuse to overwrite anything
// someone else changed meanwhile, then send what is still different.
import type { TopCallsClient } from '../api/client';
import { ApiError } from '../api/errors';
import type { Lead, LeadPatch } from '../api/schemas';
import type { LeadStore } from '../store/leadStore';
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

/**
 * A form's save as the host runs it: after every write to the lead queued before it, with
 * each answer (the re-read, the write's answer) put in the store, and a 404 taking the lead
 * out of it. No `vscode` here: the interleaving test runs the form's save path with it.
 */
export function saveThroughStore(
  deps: { client: Pick<TopCallsClient, 'getLead' | 'updateLead'>; store: LeadStore },
  base: Lead,
  patch: LeadPatch,
): Promise<SaveOutcome> {
  const { client, store } = deps;
  const storing: Pick<TopCallsClient, 'getLead' | 'updateLead'> = {
    getLead: async (id, opts) => {
      const lead = await client.getLead(id, opts);
      store.put(lead);
      return lead;
    },
    updateLead: async (id, body, opts) => {
      const lead = await client.updateLead(id, body, opts);
      store.put(lead, 'write');
      return lead;
    },
  };
  return store.serialize(base.id, async () => {
    try {
      return await saveLead(storing, base, patch);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) store.remove(base.id);
      throw error;
    }
  });
}
