// Request shapes the shared schemas (src/api/schemas.ts) do not cover: query strings,
// cursors and the bulk bodies. They are composed from the shared schemas, not copies.
import { z } from 'zod';
import { MetadataSchema, PhoneSchema, StatusSchema, type Lead, type LeadFilters } from '../../src/api/schemas';
import type { SortKey } from './store';

export const UuidSchema = z.uuid({ message: 'Must be a UUID' });

export const LimitSchema = z
  .string()
  .regex(/^\d+$/, { message: 'limit must be an integer from 1 to 200' })
  .transform(Number)
  .pipe(z.number().int().min(1, { message: 'limit must be at least 1' }).max(200, { message: 'limit must be at most 200' }));
export const DEFAULT_LIMIT = 50;

/** The filter query parameters present in `query`, ready for LeadFiltersSchema (unknown parameters are ignored). */
export function pickFilters(query: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['phone', 'list_id', 'status', 'tag'] as const) {
    const value = query[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Tags, list ids: read defensively, since planted leads may be hostile. */
const strings = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export function matchesFilters(filters: LeadFilters): (lead: Lead) => boolean {
  return (lead) =>
    (filters.phone === undefined || lead.phone_number === filters.phone) &&
    (filters.status === undefined || lead.status === filters.status) &&
    (filters.tag === undefined || strings(lead.tags).includes(filters.tag)) &&
    (filters.list_id === undefined || strings(lead.list_ids).includes(filters.list_id));
}

// The cursor is opaque to clients: base64url of the last item's (created_at, id) key.
export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify([key.created_at, key.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): SortKey | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { created_at: value[0], id: value[1] };
    }
  } catch {
    // fall through
  }
  return undefined;
}

export const BULK_IMPORT_MAX = 2000;
export const BULK_DELETE_MAX_IDS = 500;

export const BulkImportSchema = z.strictObject({
  list_id: UuidSchema,
  mode: z.enum(['merge', 'skip']).default('merge'),
  leads: z
    .array(
      z.strictObject({
        phone_number: PhoneSchema,
        name: z.string().default(''),
        email: z.string().nullable().optional(),
        status: z.optional(StatusSchema),
        notes: z.string().nullable().optional(),
        tags: z.array(z.string()).optional(),
        metadata: z.optional(MetadataSchema),
      }),
    )
    .max(BULK_IMPORT_MAX, { message: `At most ${BULK_IMPORT_MAX} leads per request` }),
});
export type BulkImport = z.infer<typeof BulkImportSchema>;

export const BulkDeleteIdsSchema = z.strictObject({
  ids: z.array(UuidSchema).max(BULK_DELETE_MAX_IDS, { message: `At most ${BULK_DELETE_MAX_IDS} ids per request` }),
});

export const BulkDeleteFilterSchema = z.strictObject({
  filter: z
    .strictObject({ list_id: UuidSchema.optional(), status: z.optional(StatusSchema), tag: z.string().min(1).optional() })
    .refine((f) => Object.values(f).some((v) => v !== undefined), {
      message: 'filter needs at least one of list_id, status, tag',
    }),
});
