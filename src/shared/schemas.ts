// The shapes of the TopCalls leads API (docs/api/openapi.yaml, a copy of TopCalls' contract).
// Every type the extension, the form and the sandbox use is inferred from here.
//
// Requests are validated strictly (they are what we send, and the webview that
// builds them is untrusted); responses leniently (a newer server may add fields),
// but a missing required field is an error that names it.
//
// zod/mini rather than zod's classic API: the same checks at about a third of the
// bundle size (both bundles carry these schemas). It ships without messages, so the English
// ones are loaded here, once, for every schema.
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { isDialable } from './phone';
import { BULK_IMPORT_MAX_LEADS, E164_PATTERN, IMPORT_MODES, STATUSES } from './contract';

z.config(en());

export { BULK_IMPORT_MAX_LEADS, E164_PATTERN, IMPORT_MODES, STATUSES };
export const StatusSchema = z.enum(STATUSES);
export type Status = z.infer<typeof StatusSchema>;

/** A phone number the API accepts: E.164 and dialable (a real country code). */
const E164_FORMAT = z.regex(E164_PATTERN, { error: 'Use E.164 format: + then the country code and number, e.g. +14155552671' });

export const PhoneSchema = z.string().check(E164_FORMAT, z.refine(isDialable, { error: 'This is not a valid phone number for any country' }));

export const EmailSchema = z.email({ error: 'Enter a valid email address' });

/**
 * A JSON object (not an array, not null): what the contract calls `type: object`. Checked,
 * not rebuilt: its values can be anything, and z.record would copy every lead's metadata
 * on every page, the largest part of parsing one.
 */
export const MetadataSchema = z.custom<Record<string, unknown>>(isPlainObject, { error: 'Invalid input: expected a JSON object' });

function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export const LeadSchema = z.object({
  id: z.string(),
  account_id: z.string(),
  name: z.string(),
  phone_number: z.string(),
  status: StatusSchema,
  tags: z.array(z.string()),
  created_at: z.string(),
  updated_at: z.string(),
  email: z.optional(z.nullable(z.string())),
  notes: z.optional(z.nullable(z.string())),
  metadata: z.optional(MetadataSchema),
  converted_at: z.optional(z.nullable(z.string())),
  list_ids: z.optional(z.array(z.string())),
});
export type Lead = z.infer<typeof LeadSchema>;

export const LeadPageSchema = z.object({
  items: z.array(LeadSchema),
  has_more: z.boolean(),
  next_cursor: z.nullable(z.string()),
});
export type LeadPage = z.infer<typeof LeadPageSchema>;

/** The editable fields, shared by create and patch. */
const editableFields = {
  name: z.string().check(z.minLength(1, { error: 'Name cannot be empty' })),
  phone_number: PhoneSchema,
  email: z.nullable(EmailSchema),
  status: StatusSchema,
  notes: z.nullable(z.string()),
  notes_append: z.string(),
  tags: z.array(z.string()),
  metadata: MetadataSchema,
};

const notesExclusive = (value: { notes?: unknown; notes_append?: unknown }): boolean =>
  !(value.notes !== undefined && value.notes_append !== undefined);
const NOTES_EXCLUSIVE_ISSUE = {
  error: 'notes and notes_append cannot be sent together',
  path: ['notes_append'],
};

/** Every editable field, each optional: the base of a patch and of a create. */
const EditableSchema = z.partial(z.strictObject(editableFields));

export const LeadPatchSchema = EditableSchema.check(
  z.refine((value) => Object.values(value).some((v) => v !== undefined), { error: 'A change must contain at least one field' }),
  z.refine(notesExclusive, NOTES_EXCLUSIVE_ISSUE),
);
export type LeadPatch = z.infer<typeof LeadPatchSchema>;

export const LeadCreateSchema = z
  .extend(EditableSchema, {
    name: editableFields.name,
    phone_number: editableFields.phone_number,
    list_id: z.uuid({ error: 'list_id must be a UUID' }),
  })
  .check(z.refine(notesExclusive, NOTES_EXCLUSIVE_ISSUE));
export type LeadCreate = z.infer<typeof LeadCreateSchema>;

/** A created or attached lead: `existed` says which. */
export const LeadCreatedSchema = z.extend(LeadSchema, { existed: z.optional(z.boolean()) });
export type LeadCreated = z.infer<typeof LeadCreatedSchema>;

/** The answer to a bulk delete by ids: always synchronous (the filter form, which may answer with a job, is never sent). */
export const BulkDeleteResultSchema = z.object({
  // A job (202, `kind: async`) is not an answer the extension can report: ids are always few enough to be done at once.
  kind: z.optional(z.literal('sync')),
  deleted: z.optional(z.int()),
  skipped: z.optional(z.int()),
  skipped_payload: z.optional(z.array(z.looseObject({ lead_id: z.optional(z.string()), reason: z.optional(z.string()) }))),
});
export type BulkDeleteResult = z.infer<typeof BulkDeleteResultSchema>;

/**
 * One lead of a bulk import: only the phone number is required (a missing name is stored as "").
 * The number is held to the contract's pattern only: every row of an import is read with
 * libphonenumber-js before its batch is built (src/import/columns.ts), and a second reading of
 * 2,000 numbers a batch would cost more than a bulk request's round trip.
 */
export const BulkImportItemSchema = z.strictObject({
  phone_number: z.string().check(E164_FORMAT),
  name: z.optional(z.string()),
  email: z.optional(z.nullable(EmailSchema)),
  status: z.optional(StatusSchema),
  notes: z.optional(z.nullable(z.string())),
  tags: z.optional(z.array(z.string())),
  metadata: z.optional(MetadataSchema),
});
export type BulkImportItem = z.infer<typeof BulkImportItemSchema>;

export const ImportModeSchema = z.enum(IMPORT_MODES);
export type ImportMode = z.infer<typeof ImportModeSchema>;

export const BulkImportSchema = z.strictObject({
  list_id: z.uuid({ error: 'list_id must be a UUID' }),
  mode: ImportModeSchema,
  leads: z.array(BulkImportItemSchema).check(z.minLength(1), z.maxLength(BULK_IMPORT_MAX_LEADS)),
});
export type BulkImport = z.infer<typeof BulkImportSchema>;

/** The counts a bulk import answers with: `duplicates` are leads whose phone number was already there. */
export const BulkImportResultSchema = z.object({
  success: z.optional(z.boolean()),
  inserted: z.optional(z.int()),
  updated: z.optional(z.int()),
  duplicates: z.optional(z.int()),
  total_processed: z.optional(z.int()),
  duration_ms: z.optional(z.number()),
});
export type BulkImportResult = z.infer<typeof BulkImportResultSchema>;

export const ProblemSchema = z.looseObject({
  type: z.optional(z.string()),
  title: z.optional(z.string()),
  status: z.optional(z.int()),
  detail: z.optional(z.string()),
  instance: z.optional(z.string()),
  errors: z.optional(
    z.array(
      z.looseObject({
        path: z.optional(z.string()),
        message: z.optional(z.string()),
        code: z.optional(z.string()),
      }),
    ),
  ),
});
export type Problem = z.infer<typeof ProblemSchema>;

export const LeadFiltersSchema = z.strictObject({
  status: z.optional(StatusSchema),
  tag: z.optional(z.string().check(z.minLength(1))),
  list_id: z.optional(z.string().check(z.minLength(1))),
  phone: z.optional(PhoneSchema),
});
export type LeadFilters = z.infer<typeof LeadFiltersSchema>;

/** `items[3].phone_number` style, for messages that name the offending field. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

/** Messages per field (`''` for the object as a whole), in the order zod found them. */
export function fieldErrors(error: z.core.$ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = formatPath(issue.path);
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** Problems named in a message at most: a broken page can have one per item. */
const MAX_DESCRIBED_ISSUES = 3;

/** One line naming the problems, e.g. `items[0].name: Invalid input: expected string, received undefined (and 49 more)`. */
export function describeZodError(error: z.core.$ZodError): string {
  const described = error.issues
    .slice(0, MAX_DESCRIBED_ISSUES)
    .map((issue) => (issue.path.length ? `${formatPath(issue.path)}: ${issue.message}` : issue.message))
    .join('; ');
  const more = error.issues.length - MAX_DESCRIBED_ISSUES;
  return more > 0 ? `${described} (and ${more} more)` : described;
}
