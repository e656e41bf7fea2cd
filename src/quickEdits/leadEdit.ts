// One quick edit of one lead, as Set Status, Add/Remove Tags and Append Note run it: queued
// behind any other write to the lead, computed from the server's copy, and its answer put in
// the store. No `vscode` here, so the interleaving test runs it against the sandbox.
import type { TopCallsClient } from '../api/client';
import { ApiError } from '../api/errors';
import type { Lead, LeadPatch, Status } from '../shared/schemas';
import type { LeadStore } from '../store/leadStore';
import { runBulk, type BulkOutcome } from './bulk';
import { addTags, removeTags, tagsPatch } from '../shared/tags';

/** Requests in flight at once during a bulk edit. */
export const BULK_CONCURRENCY = 4;

export type QuickEdit =
  | { kind: 'status'; status: Status }
  | { kind: 'addTags' | 'removeTags'; tags: readonly string[] }
  | { kind: 'note'; text: string };

export interface EditDeps {
  client: Pick<TopCallsClient, 'getLead' | 'updateLead'>;
  store: LeadStore;
}

export interface LeadEditResult {
  /** The server's copy after the edit. */
  lead: Lead;
  /** False when nothing had to be sent (the server's copy already had the tags). */
  changed: boolean;
}

/**
 * Runs the edit once the lead's earlier writes are in the store. `cancel` withdraws it while
 * nothing is sent yet (queued, reading, or waiting out a 429): it then fails with an ApiError
 * of kind `cancelled`. A 404 takes the lead out of the store.
 */
export function runEdit(deps: EditDeps, id: string, edit: QuickEdit, cancel?: AbortSignal): Promise<LeadEditResult> {
  return deps.store.serialize(id, async () => {
    if (cancel?.aborted) throw new ApiError({ kind: 'cancelled', title: 'Cancelled' });
    try {
      const patch = await patchFor(deps, id, edit, cancel);
      if ('unchanged' in patch) return { lead: patch.unchanged, changed: false };
      const lead = await deps.client.updateLead(id, patch, { stopRetrying: cancel });
      deps.store.put(lead, 'write');
      return { lead, changed: true };
    } catch (error) {
      if (error instanceof ApiError && error.gone) deps.store.remove(id);
      throw error;
    }
  });
}

/**
 * The edit on each lead, a bounded number at once. Aborting `cancel` starts nothing more and
 * withdraws what has not been sent yet: those come back in `notSent`.
 */
export function runEdits<T extends { id: string }>(
  deps: EditDeps,
  leads: readonly T[],
  edit: QuickEdit,
  options: { cancel: AbortSignal; onSettled?: (settled: number, total: number) => void },
): Promise<BulkOutcome<T, LeadEditResult>> {
  return runBulk(leads, (lead) => runEdit(deps, lead.id, edit, options.cancel), {
    concurrency: BULK_CONCURRENCY,
    signal: options.cancel,
    notSent: (error) => error instanceof ApiError && error.cancelled,
    onSettled: options.onSettled,
  });
}

async function patchFor(deps: EditDeps, id: string, edit: QuickEdit, cancel?: AbortSignal): Promise<LeadPatch | { unchanged: Lead }> {
  switch (edit.kind) {
    // Sent whatever the held copy says: "already has it" could be true only of a stale copy.
    case 'status':
      return { status: edit.status };
    case 'note':
      return { notes_append: edit.text };
    case 'addTags':
    case 'removeTags': {
      // The API replaces the whole list: computed from what the server has now, so a tag
      // added elsewhere since the page loaded is kept.
      const current = await deps.client.getLead(id, { signal: cancel });
      deps.store.put(current);
      const next = edit.kind === 'addTags' ? addTags(current.tags, edit.tags) : removeTags(current.tags, edit.tags);
      return tagsPatch(current.tags, next) ?? { unchanged: deps.store.get(id) ?? current };
    }
  }
}
