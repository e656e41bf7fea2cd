// What saving a lead document sends: the writable fields the user changed since the copy
// the document was read from, that TopCalls does not already have. Values are compared as
// the API means them, so `""` and `null` notes, or a phone and its E.164 form, are equal.
// Free of `vscode`: unit-tested; Copy as cURL and the live checks use it too.
import { LeadPatchSchema, type Lead, type LeadPatch } from '../shared/schemas';
import { sameValue } from '../shared/fields';
import { readPhone } from '../shared/phone';
import { DOCUMENT_FIELDS, READONLY_FIELDS, READONLY_KEY, APPEND_KEY, type DocumentField, type LeadDocument, type TextProblem } from './leadText';

export type PatchResult =
  | {
      ok: true;
      /** Undefined when there is nothing to send. */
      patch: LeadPatch | undefined;
      /** Fields changed both in the document and on TopCalls since `base`, to different values. */
      conflicts: DocumentField[];
    }
  | { ok: false; problem: TextProblem };

type Value = { ok: true; value: unknown } | { ok: false; detail: string };

/**
 * `base` is the copy the document was read from, `theirs` the server's copy now. A field
 * counts as the user's change when it differs from `base`; it is sent unless `theirs`
 * already has that value.
 */
export function documentPatch(document: LeadDocument, base: Lead, theirs: Lead): PatchResult {
  const readonlyProblem = readonlyEdit(document.readonly, base);
  if (readonlyProblem) return { ok: false, problem: readonlyProblem };
  const patch: Record<string, unknown> = {};
  const conflicts: DocumentField[] = [];
  for (const field of DOCUMENT_FIELDS) {
    if (!Object.hasOwn(document.values, field)) continue;
    const mine = apiValue(field, document.values[field]);
    if (!mine.ok) return { ok: false, problem: { path: [field], code: 'invalidValue', detail: mine.detail } };
    const before = storedValue(field, base);
    const now = storedValue(field, theirs);
    if (sameValue(mine.value, before) || sameValue(mine.value, now)) continue;
    patch[field] = mine.value;
    if (!sameValue(now, before)) conflicts.push(field);
  }
  const append = document.append;
  if (append !== undefined && typeof append !== 'string') {
    return { ok: false, problem: { path: [APPEND_KEY], code: 'invalidValue', detail: 'Invalid input: expected string' } };
  }
  if (typeof append === 'string' && append.trim() !== '') {
    if (patch.notes !== undefined) return { ok: false, problem: { path: [APPEND_KEY], code: 'appendWithNotes' } };
    patch.notes_append = append;
  }
  return { ok: true, patch: Object.keys(patch).length > 0 ? (patch) : undefined, conflicts };
}

/** A writable value as written in the document, checked with the contract's schema and in the form the API stores. */
export function apiValue(field: DocumentField, raw: unknown): Value {
  let value = raw;
  if (field === 'phone_number' && typeof raw === 'string') {
    // Any way of writing a dialable number is fine; what is sent is E.164.
    const reading = readPhone(raw);
    value = reading.ok ? reading.e164 : raw.trim();
  } else if ((field === 'email' || field === 'notes') && (raw === '' || raw === null)) {
    value = null;
  } else if (field === 'email' && typeof raw === 'string') {
    value = raw.trim();
  }
  const result = LeadPatchSchema.shape[field].safeParse(value);
  return result.success ? { ok: true, value: result.data } : { ok: false, detail: result.error.issues[0]?.message ?? '' };
}

/** A lead's value for a field, normalised as the document's is (a stored non-E.164 phone reads as its E.164 form). */
function storedValue(field: DocumentField, lead: Lead): unknown {
  switch (field) {
    case 'phone_number': {
      const reading = readPhone(lead.phone_number);
      return reading.ok ? reading.e164 : lead.phone_number;
    }
    case 'email':
    case 'notes':
      return lead[field] || null;
    case 'metadata':
      return lead.metadata ?? {};
    default:
      return lead[field];
  }
}

/** The read-only part must be the one the document was read with; leaving it out is no edit. */
function readonlyEdit(readonly: unknown, base: Lead): TextProblem | undefined {
  if (readonly === undefined) return undefined;
  if (typeof readonly !== 'object' || readonly === null || Array.isArray(readonly)) {
    return { path: [READONLY_KEY], code: 'readonly', detail: READONLY_KEY };
  }
  const written = readonly as Record<string, unknown>;
  for (const key of Object.keys(written)) {
    const field = READONLY_FIELDS.find((f) => f === key);
    if (field === undefined || !sameValue(written[key], base[field])) return { path: [READONLY_KEY, key], code: 'readonly', detail: key };
  }
  for (const field of READONLY_FIELDS) {
    if (base[field] !== undefined && !Object.hasOwn(written, field)) return { path: [READONLY_KEY], code: 'readonly', detail: field };
  }
  return undefined;
}
