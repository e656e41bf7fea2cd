// Reading validated requests: which leads a filter matches, and the list cursor.
import type { SortKey } from './store';
import type { Lead, LeadFilters } from './types';

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

/** The contract's limit on ids per bulk delete, which is also the size of a delete job's chunk. */
export const BULK_DELETE_MAX_IDS = 500;
