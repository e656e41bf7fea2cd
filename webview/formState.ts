// Everything the lead form knows, and every way it changes, as pure functions of
// plain data: the webview persists it with setState and renders it; tests run it
// under Node.
import * as z from 'zod/mini';
import { LeadSchema, type Lead, type LeadPatch } from '../src/api/schemas';
import { EDITABLE_FIELDS, type EditableField } from '../src/editor/fields';
import { merge3 } from '../src/editor/merge';
import { diffLead } from '../src/editor/patch';
import { FailureSchema, type Failure, type SaveRequest, type SaveResult } from '../src/protocol';
import { DraftSchema, draftFromLead, sameInput, validateDraft, type Draft, type DraftField, type FieldMessage } from './draft';

const BannerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('failure'), failure: FailureSchema }),
  /** A save found fields changed both here and on TopCalls. */
  z.object({ kind: z.literal('conflict') }),
  /** A save found the lead changed on TopCalls, but only where the user had not edited. */
  z.object({ kind: z.literal('merged') }),
]);
export type Banner = z.infer<typeof BannerSchema>;

export const FormStateSchema = z.object({
  /** The lead as last received from the host: edits are measured against it. */
  base: LeadSchema,
  draft: DraftSchema,
  /** Their value, for each field changed both here and on TopCalls and not yet resolved. */
  conflicts: z.partial(DraftSchema),
  /** What the server said about each field on the last failed save; cleared as the field is edited. */
  serverErrors: z.record(z.string(), z.array(z.string())),
  /** The draft as sent, while a save is in flight. */
  saving: z.optional(DraftSchema),
  banner: z.optional(BannerSchema),
});
export type FormState = z.infer<typeof FormStateSchema>;

function fresh(lead: Lead): FormState {
  return { base: lead, draft: draftFromLead(lead), conflicts: {}, serverErrors: {} };
}

/**
 * The form for `lead`, with the edits saved before the webview was hidden or the window reloaded
 * merged onto it. `savePending`: the host still has a save in flight (or its answer queued) for us.
 */
export function initialState(lead: Lead, saved: unknown, savePending: boolean): FormState {
  const restored = FormStateSchema.safeParse(saved);
  if (!restored.success || restored.data.base.id !== lead.id) return fresh(lead);
  // A save the host no longer knows about died with the window: its answer will not come.
  const state = savePending ? restored.data : { ...restored.data, saving: undefined };
  return rebase(state, lead);
}

export function edit<F extends DraftField>(state: FormState, field: F, value: Draft[F]): FormState {
  const serverErrors = Object.fromEntries(Object.entries(state.serverErrors).filter(([path]) => fieldOfPath(path) !== field));
  return { ...state, draft: { ...state.draft, [field]: value }, serverErrors };
}

/** The lead changed on TopCalls: take their changes where the user made none, flag the fields both changed. */
export function rebase(state: FormState, lead: Lead): FormState {
  const theirs = draftFromLead(lead);
  const { merged, conflicts } = merge3(draftFromLead(state.base), state.draft, theirs, EDITABLE_FIELDS, sameInput);
  const next: Partial<Draft> = {};
  // A clash not yet resolved stays one, against their latest value, unless the user's value now matches it.
  for (const field of Object.keys(state.conflicts) as EditableField[]) {
    if (!sameInput(field, merged[field], theirs[field])) setField(next, field, theirs[field]);
  }
  for (const field of conflicts) setField(next, field, theirs[field]);
  return { ...state, base: lead, draft: merged, conflicts: next };
}

/** The lead changed elsewhere while the form is open: merged in, and a new clash is announced. */
export function leadChanged(state: FormState, lead: Lead): FormState {
  const next = rebase(state, lead);
  const clashed = Object.keys(next.conflicts).some((field) => !(field in state.conflicts));
  return clashed ? { ...next, banner: { kind: 'conflict' } } : next;
}

export function resolveConflict(state: FormState, field: EditableField, keep: 'theirs' | 'mine'): FormState {
  const conflicts = { ...state.conflicts };
  delete conflicts[field];
  const draft = keep === 'theirs' ? { ...state.draft, [field]: draftFromLead(state.base)[field] } : state.draft;
  const settled = Object.keys(conflicts).length === 0 && state.banner?.kind === 'conflict';
  return { ...state, draft, conflicts, banner: settled ? undefined : state.banner };
}

/** Back to the lead as loaded. A deleted lead stays flagged as deleted. */
export function revert(state: FormState): FormState {
  const gone = state.banner?.kind === 'failure' && state.banner.failure.kind === 'gone';
  return { ...fresh(state.base), banner: gone ? state.banner : undefined, saving: state.saving };
}

/** The save to send, or undefined when there is nothing to send or the form may not save now. */
export function beginSave(state: FormState): { state: FormState; request: SaveRequest } | undefined {
  const patch = pendingPatch(state);
  if (!patch || !canSave(state)) return undefined;
  return {
    state: { ...state, saving: state.draft, banner: undefined },
    request: { type: 'save', baseUpdatedAt: state.base.updated_at, patch },
  };
}

export function applySaveResult(state: FormState, result: SaveResult): FormState {
  const done: FormState = { ...state, saving: undefined };
  switch (result.outcome) {
    case 'saved':
      return saved(state, result.lead);
    case 'conflict': {
      const rebased = rebase(done, result.lead);
      return { ...rebased, banner: { kind: Object.keys(rebased.conflicts).length > 0 ? 'conflict' : 'merged' } };
    }
    case 'failed':
      return { ...done, serverErrors: result.failure.fieldErrors, banner: { kind: 'failure', failure: result.failure } };
  }
}

/** The server's copy replaces what was sent; what the user typed while it was on its way stays. */
function saved(state: FormState, lead: Lead): FormState {
  const sent = state.saving ?? state.draft;
  const theirs = draftFromLead(lead);
  const { merged } = merge3(sent, state.draft, theirs, EDITABLE_FIELDS, sameInput);
  const notes_append = state.draft.notes_append === sent.notes_append ? '' : state.draft.notes_append;
  return { base: lead, draft: { ...merged, notes_append }, conflicts: {}, serverErrors: {}, saving: undefined };
}

export function showNotice(state: FormState, failure: Failure): FormState {
  return { ...state, banner: { kind: 'failure', failure } };
}

// ---- derived ----------------------------------------------------------------------------

/** Whether the notes were edited, and whether a note is waiting to be appended: the API takes one or the other. */
export function notesMode(state: FormState): { notesEdited: boolean; appending: boolean } {
  return {
    notesEdited: !sameInput('notes', state.draft.notes, state.base.notes ?? ''),
    appending: state.draft.notes_append.trim() !== '',
  };
}

/** What the form itself finds wrong: the schemas' checks and the notes rule. */
function ownErrors(state: FormState): Partial<Record<string, FieldMessage[]>> {
  const errors: Partial<Record<string, FieldMessage[]>> = { ...validateDraft(state.draft).errors };
  const { notesEdited, appending } = notesMode(state);
  if (notesEdited && appending) errors.notes_append = [{ key: 'appendLocked' }];
  return errors;
}

/** Messages per input (`''` for the lead as a whole): the form's own checks, then what the server said. */
export function fieldErrors(state: FormState): Partial<Record<string, FieldMessage[]>> {
  const errors = ownErrors(state);
  for (const [path, messages] of Object.entries(state.serverErrors)) {
    const field = fieldOfPath(path);
    errors[field] = [...(errors[field] ?? []), ...messages.map((text) => ({ text }))];
  }
  return errors;
}

/** `tags[2]` and `metadata.source` belong to their top-level input. */
export function fieldOfPath(path: string): string {
  return /^[A-Za-z_]+/.exec(path)?.[0] ?? '';
}

export function pendingPatch(state: FormState): LeadPatch | undefined {
  const { values } = validateDraft(state.draft);
  return values && diffLead(state.base, values);
}

export function canSave(state: FormState): boolean {
  return (
    state.saving === undefined &&
    Object.keys(state.conflicts).length === 0 &&
    // The server's complaints do not block a retry: the server may have been wrong, or fixed.
    Object.keys(ownErrors(state)).length === 0 &&
    !(state.banner?.kind === 'failure' && state.banner.failure.kind === 'gone') &&
    pendingPatch(state) !== undefined
  );
}

export function isModified(state: FormState, field: DraftField): boolean {
  return field === 'notes_append' ? state.draft.notes_append !== '' : !sameInput(field, state.draft[field], draftFromLead(state.base)[field]);
}

/** Unsaved input anywhere in the form. */
export function isDirty(state: FormState): boolean {
  return (Object.keys(state.draft) as DraftField[]).some((field) => isModified(state, field));
}

function setField<F extends EditableField>(target: Partial<Draft>, field: F, value: Draft[F]): void {
  target[field] = value;
}
