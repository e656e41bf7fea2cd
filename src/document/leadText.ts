// A lead as the text of a `topcalls:/leads/<id>.json` document, and that text read back.
// The writable fields come first, in the form's order; what TopCalls sets lives under
// `_readonly`, apart, so the text is still plain JSON. Free of `vscode`: the form (in
// the webview) reads and edits the same text.
import type { LeadValues } from '../shared/fields';
import type { Lead } from '../shared/schemas';

/** The writable fields, in the order the document lists them. */
export const DOCUMENT_FIELDS = ['name', 'phone_number', 'email', 'status', 'tags', 'notes', 'metadata'] as const;
export type DocumentField = (typeof DOCUMENT_FIELDS)[number];
export const READONLY_KEY = '_readonly';
/** An action rather than a value: a note to add at the end of the notes when the document is saved. */
export const APPEND_KEY = 'notes_append';
export const READONLY_FIELDS = ['id', 'account_id', 'list_ids', 'created_at', 'updated_at', 'converted_at'] as const;

/**
 * A lead's writable fields in the document's order, with a missing email or notes as null and
 * missing metadata as {}: what an export → import round trip must leave unchanged, too.
 */
export function writableFields(lead: Lead): LeadValues {
  return {
    name: lead.name,
    phone_number: lead.phone_number,
    email: lead.email ?? null,
    status: lead.status,
    tags: lead.tags,
    notes: lead.notes ?? null,
    metadata: lead.metadata ?? {},
  };
}

/** The document's text for a lead: pretty-printed, ending in a newline, as JSON editors write it. */
export function leadText(lead: Lead): string {
  const readonly: Record<string, unknown> = {};
  for (const field of READONLY_FIELDS) {
    // A field TopCalls did not send is left out, not invented.
    if (lead[field] !== undefined) readonly[field] = lead[field];
  }
  const document = { ...writableFields(lead), [READONLY_KEY]: readonly };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** What can be wrong with a document's text; the host words each one (vscode.l10n). */
export type ProblemCode = 'invalidJson' | 'notObject' | 'unknownField' | 'readonly' | 'invalidValue' | 'appendWithNotes';

/** A place in the document (`['tags', 2]`), what is wrong there, and the detail (a parser's or a schema's message, a field name). */
export interface TextProblem {
  path: (string | number)[];
  code: ProblemCode;
  detail?: string;
}

/** The document's text as JSON: its writable values as written (unchecked), the note to append and the read-only part. */
export interface LeadDocument {
  values: Partial<Record<DocumentField, unknown>>;
  append: unknown;
  readonly: unknown;
}

export type ReadResult = { ok: true; document: LeadDocument } | { ok: false; problem: TextProblem };

/** The text as a document, or the first thing that stops it from being one. */
export function readLeadText(text: string): ReadResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: { path: [], code: 'invalidJson', detail: (error as Error).message } };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, problem: { path: [], code: 'notObject' } };
  }
  const record = parsed as Record<string, unknown>;
  const known = new Set<string>([...DOCUMENT_FIELDS, READONLY_KEY, APPEND_KEY]);
  const unknown = Object.keys(record).find((key) => !known.has(key));
  if (unknown !== undefined) {
    return { ok: false, problem: { path: [unknown], code: 'unknownField', detail: unknown } };
  }
  const values: Partial<Record<DocumentField, unknown>> = {};
  for (const field of DOCUMENT_FIELDS) {
    if (Object.hasOwn(record, field)) values[field] = record[field];
  }
  return { ok: true, document: { values, append: record[APPEND_KEY], readonly: record[READONLY_KEY] } };
}

/** The `updated_at` the document says it was read at: which copy of the lead its edits are measured against. */
export function readAt(document: LeadDocument): string | undefined {
  const readonly = document.readonly;
  if (typeof readonly !== 'object' || readonly === null) return undefined;
  const value = (readonly as Record<string, unknown>).updated_at;
  return typeof value === 'string' ? value : undefined;
}
