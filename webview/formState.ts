// Everything the lead form knows, and every way it changes, as pure functions of plain
// data: the webview renders it; tests run it under Node. The document is the lead: the
// form shows its values and turns the user's input into edits of it.
import { EDITABLE_FIELDS, sameValue, type EditableField } from '../src/shared/fields';
import type { DocumentState, EditRequest, Notice, ToWebview } from '../src/shared/protocol';
import { draftFromDocument, parseDraft, parseField, sameParsed, type Draft, type DraftField, type FieldMessage, type ParsedDraft } from './draft';

export interface FormState {
  /** The document as last received; undefined until the first one. */
  document: DocumentState | undefined;
  /** What the inputs hold: the document's values, and what the user typed that is not in it yet. */
  draft: Draft;
  /** The document's values as last received, as inputs: what tells a change to the document from the form's own text. */
  shown: Draft | undefined;
  /** Fields whose JSON value the input cannot hold as it is. */
  wrongType: DraftField[];
  /** The values as on TopCalls, when the host knows them: changed fields are marked against them. */
  saved: Draft | undefined;
  dirty: boolean;
  notice: Notice | undefined;
  /** The last edit number used, and per field the last edit sent for it. */
  seq: number;
  sent: Partial<Record<DraftField, number>>;
  /** The notice's messages still at their fields: a field's go when it is edited. */
  serverErrors: Record<string, string[]>;
}

const EMPTY_DRAFT: Draft = { name: '', phone_number: '', email: '', status: '', notes: '', notes_append: '', tags: [], metadata: '{}' };

export function initialState(): FormState {
  return { document: undefined, draft: EMPTY_DRAFT, shown: undefined, wrongType: [], saved: undefined, dirty: false, notice: undefined, seq: 0, sent: {}, serverErrors: {} };
}

/** The document changed (or the form was just shown): its values replace the inputs, except where the user's typing is ahead of it. */
export function documentChanged(state: FormState, message: Extract<ToWebview, { type: 'document' }>): FormState {
  const base = { ...state, document: message.state, dirty: message.dirty };
  if (!message.state.ok) return base;
  const { draft: incoming, wrongType } = draftFromDocument(message.state.values, message.state.append);
  const saved = message.saved ? draftFromDocument(message.saved, undefined).draft : undefined;
  const previous = state.document?.ok ? state.shown : undefined;
  const draft: Record<string, unknown> = { ...incoming };
  if (previous) {
    for (const field of Object.keys(incoming) as DraftField[]) {
      const typingAhead = (state.sent[field] ?? 0) > message.applied;
      // Unchanged in the document: the input keeps its own text (half-written metadata, `+1 415 …` spacing).
      const unchanged = sameValue(incoming[field], previous[field]);
      if (typingAhead || unchanged) draft[field] = state.draft[field];
    }
  }
  return { ...base, draft: draft as unknown as Draft, shown: incoming, wrongType, saved };
}

/**
 * The user changed an input: the new state, and the edit to send, if the document should
 * take it now (metadata only once it is a JSON object; nothing while the text is not a lead).
 */
export function edit<F extends DraftField>(state: FormState, field: F, value: Draft[F]): { state: FormState; request: EditRequest | undefined } {
  const serverErrors = Object.fromEntries(Object.entries(state.serverErrors).filter(([path]) => fieldOfPath(path) !== field));
  const typed: FormState = { ...state, draft: { ...state.draft, [field]: value }, serverErrors };
  if (!state.document?.ok) return { state: typed, request: undefined };
  const request = editRequest(field, value, typed.seq + 1);
  if (!request) return { state: typed, request: undefined };
  return { state: { ...typed, seq: request.seq, sent: { ...typed.sent, [field]: request.seq } }, request };
}

function editRequest(field: DraftField, value: Draft[DraftField], seq: number): EditRequest | undefined {
  switch (field) {
    case 'name':
    case 'phone_number':
    case 'notes_append':
      return { type: 'edit', seq, field, value: value as string };
    case 'email':
    case 'notes':
      return { type: 'edit', seq, field, value: value === '' ? null : (value as string) };
    case 'tags':
      return { type: 'edit', seq, field, value: value as string[] };
    case 'status': {
      const parsed = parseField('status', value as string);
      return parsed.ok ? { type: 'edit', seq, field, value: parsed.value } : undefined;
    }
    case 'metadata': {
      const parsed = parseField('metadata', value as string);
      return parsed.ok ? { type: 'edit', seq, field, value: parsed.value } : undefined;
    }
  }
}

export function showNotice(state: FormState, notice: Notice | undefined): FormState {
  return { ...state, notice, serverErrors: notice?.fieldErrors ?? {} };
}

// ---- derived ----------------------------------------------------------------------------

/** What the form shows for a state. Derived once per change: each input is parsed once, not once per question asked of it. */
export interface FormModel {
  /** The form edits only a document that is a lead: while its JSON is broken, every input is read-only. */
  editable: boolean;
  /** Messages per input (`''` for the lead as a whole): the form's own checks, then what the last failed save said. */
  errors: Partial<Record<string, FieldMessage[]>>;
  /** Inputs whose value differs from the lead on TopCalls. */
  modified: ReadonlySet<DraftField>;
  /** The notes were edited, and a note is waiting to be appended: the API takes one or the other. */
  notesEdited: boolean;
  appending: boolean;
  /** The phone input's number in E.164, when it is one. */
  phone: string | undefined;
}

/** The lead on TopCalls, parsed: it changes far less often than the inputs, so once per copy. */
const parsedSaved = new WeakMap<Draft, ParsedDraft>();

export function deriveForm(state: FormState): FormModel {
  const { draft, saved } = state;
  const parsed = parseDraft(draft);
  let savedParsed: ParsedDraft | undefined;
  if (saved) {
    savedParsed = parsedSaved.get(saved) ?? parseDraft(saved);
    parsedSaved.set(saved, savedParsed);
  }
  const differs = (field: EditableField): boolean => saved !== undefined && savedParsed !== undefined && !sameParsed(parsed[field], savedParsed[field], draft[field], saved[field]);
  const modified = new Set<DraftField>(EDITABLE_FIELDS.filter(differs));
  if (draft.notes_append !== '') modified.add('notes_append');
  const notesEdited = differs('notes');
  const appending = draft.notes_append.trim() !== '';
  const editable = state.document?.ok === true;
  return {
    editable,
    errors: editable ? errorsOf(state, parsed, notesEdited && appending) : {},
    modified: editable ? modified : new Set(),
    notesEdited,
    appending,
    phone: parsed.phone_number.ok ? parsed.phone_number.value : undefined,
  };
}

function errorsOf(state: FormState, parsed: ParsedDraft, appendLocked: boolean): Partial<Record<string, FieldMessage[]>> {
  const errors: Partial<Record<string, FieldMessage[]>> = {};
  for (const field of EDITABLE_FIELDS) {
    const result = parsed[field];
    if (!result.ok) errors[field] = result.errors;
  }
  for (const field of state.wrongType) {
    if (!sameValue(state.draft[field], state.shown?.[field])) continue;
    errors[field] = [{ key: 'wrongKind' }];
  }
  if (appendLocked) errors.notes_append = [{ key: 'appendLocked' }];
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
