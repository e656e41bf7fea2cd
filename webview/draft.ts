// The form's raw inputs (what is in the text boxes) and how they become lead values.
// Pure: unit-tested under Node, bundled into the webview.
import type * as z from 'zod/mini';
import { LeadPatchSchema, MetadataSchema } from '../src/shared/schemas';
import { EDITABLE_FIELDS, sameValue, type EditableField, type LeadValues } from '../src/shared/fields';
import { addTags, existingSpelling } from '../src/shared/tags';
import { readPhone, type PhoneProblem } from '../src/shared/phone';
import type { StringKey } from '../src/shared/protocol';

/** Text as typed: the phone may be half-typed, the metadata half-written JSON. */
export interface Draft {
  name: string;
  phone_number: string;
  email: string;
  /** Whatever the document says; the select offers the four the API takes. */
  status: string;
  notes: string;
  notes_append: string;
  tags: string[];
  metadata: string;
}
export type DraftField = keyof Draft;

/**
 * The document's values as the form's inputs, and the fields whose JSON value is not of a
 * kind the input can hold (`"name": 5`, typed in the text editor): those show it as JSON.
 */
export function draftFromDocument(values: Record<string, unknown>, append: unknown): { draft: Draft; wrongType: DraftField[] } {
  const wrongType: DraftField[] = [];
  const text = (field: DraftField, value: unknown, nullable: boolean): string => {
    if (typeof value === 'string') return value;
    if (value === undefined || (nullable && value === null)) return '';
    wrongType.push(field);
    return JSON.stringify(value);
  };
  const tags = values.tags;
  const tagList = Array.isArray(tags) && tags.every((tag) => typeof tag === 'string') ? (tags) : undefined;
  if (tags !== undefined && !tagList) wrongType.push('tags');
  const metadata = values.metadata;
  const draft: Draft = {
    name: text('name', values.name, false),
    phone_number: text('phone_number', values.phone_number, false),
    email: text('email', values.email, true),
    status: text('status', values.status, false),
    notes: text('notes', values.notes, true),
    notes_append: text('notes_append', append, false),
    tags: tagList ? [...tagList] : [],
    metadata: metadata === undefined ? '{}' : JSON.stringify(metadata, null, 2),
  };
  return { draft, wrongType };
}

/** A message for a field: the schema's own text, or one of the form's localized strings. */
export type FieldMessage = { text: string } | { key: StringKey; arg?: string };

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldMessage[] };

const shape = LeadPatchSchema.shape;

function check<T>(schema: z.ZodMiniType<T>, value: unknown): Parsed<T> {
  const result = schema.safeParse(value);
  // The first message is the one that helps: later ones follow from it (a bad format is also not dialable).
  return result.success ? { ok: true, value: result.data } : { ok: false, errors: [{ text: result.error.issues[0]?.message ?? '' }] };
}

/** One input as the value the API takes, checked with the contract's own schemas. */
export function parseField<F extends EditableField>(field: F, raw: Draft[F]): Parsed<LeadValues[F]>;
export function parseField(field: EditableField, raw: Draft[EditableField]): Parsed<unknown> {
  const text = typeof raw === 'string' ? raw : '';
  switch (field) {
    case 'name':
      return check(shape.name, text);
    case 'phone_number': {
      // Any way of writing a dialable number is fine; the raw text explains what is wrong otherwise.
      const reading = readPhone(text);
      if (reading.ok) return check(shape.phone_number, reading.e164);
      const refused = PHONE_PROBLEMS[reading.problem];
      return refused ? { ok: false, errors: [{ key: refused }] } : check(shape.phone_number, text.trim());
    }
    case 'email':
      return check(shape.email, text.trim() === '' ? null : text.trim());
    case 'status':
      return check(shape.status, text);
    case 'notes':
      return { ok: true, value: text === '' ? null : text };
    case 'tags':
      return check(shape.tags, raw);
    case 'metadata':
      return parseMetadata(text);
  }
}

/** The problems the schema's own messages would not explain (it sees only the text, not what was dropped). */
const PHONE_PROBLEMS: Record<PhoneProblem, StringKey | undefined> = {
  extension: 'phoneExtension',
  letters: 'phoneLetters',
  characters: 'phoneCharacters',
  invalid: undefined,
};

function parseMetadata(text: string): Parsed<Record<string, unknown>> {
  if (text.trim() === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [{ key: 'metadataInvalidJson', arg: (error as Error).message }] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, errors: [{ key: 'metadataNotObject' }] };
  }
  return check(MetadataSchema, value);
}

export type ParsedDraft = { [F in EditableField]: Parsed<LeadValues[F]> };

/** Every input as the value the API takes, or why it is not one: the form parses each input once per change. */
export function parseDraft(draft: Draft): ParsedDraft {
  const parsed: Partial<Record<EditableField, Parsed<unknown>>> = {};
  for (const field of EDITABLE_FIELDS) parsed[field] = parseField(field, draft[field]);
  return parsed as ParsedDraft;
}

/** Two inputs mean the same when they give the same value (`+1 415…` and `+1415…`), else when the text is the same. */
export function sameParsed(a: Parsed<unknown>, b: Parsed<unknown>, rawA: unknown, rawB: unknown): boolean {
  if (a.ok && b.ok) return sameValue(a.value, b.value);
  return !a.ok && !b.ok && sameValue(rawA, rawB);
}

/**
 * Trimmed, non-empty, not already in `tags` (nor repeated among themselves), whatever the case:
 * `VIP` is `vip`. A tag other leads have in another spelling (`known`) takes that spelling.
 */
export function addTypedTags(
  tags: readonly string[],
  typed: string,
  known: readonly string[] = [],
): { tags: string[]; duplicates: string[]; respelled: [typed: string, known: string][] } {
  const parts = typed.split(',').map((t) => t.trim()).filter((t) => t !== '');
  const spelled = parts.map((part) => existingSpelling(tags, part) ?? existingSpelling(known, part) ?? part);
  const next = addTags(tags, spelled);
  // Each part that did not become a tag of its own was already one (or typed twice).
  const added = new Set(next.slice(tags.length));
  const duplicates: string[] = [];
  const respelled: [string, string][] = [];
  parts.forEach((part, i) => {
    const tag = spelled[i] as string;
    if (!added.delete(tag)) duplicates.push(part);
    else if (tag !== part) respelled.push([part, tag]);
  });
  return { tags: next, duplicates, respelled };
}
