// GET/POST /v1/leads and GET/PATCH/DELETE /v1/leads/{id}.
import { randomUUID } from 'node:crypto';
import { json, notFound, problem, type ApiResponse } from './http';
import { decodeCursor, encodeCursor, matchesFilters } from './requests';
import { SANDBOX_ACCOUNT_ID } from './seed';
import type { LeadStore } from './store';
import type { Lead, LeadCreate, LeadListQuery, LeadPatch } from './types';

const listIdsOf = (lead: Lead): string[] =>
  Array.isArray(lead.list_ids) ? lead.list_ids.filter((x): x is string => typeof x === 'string') : [];

export function listLeads(store: LeadStore, query: LeadListQuery): ApiResponse {
  // The cursor rule (rules.ts) let through only cursors that decode.
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const { items, hasMore } = store.page(matchesFilters(query), after, query.limit);
  const last = items[items.length - 1];
  return json(200, {
    items,
    has_more: hasMore,
    next_cursor: hasMore && last ? encodeCursor({ created_at: last.created_at, id: last.id }) : null,
  });
}

export function getLead(store: LeadStore, id: string): ApiResponse {
  const lead = store.get(id);
  return lead ? json(200, lead) : notFound();
}

function phoneTaken(): ApiResponse {
  return problem(409, 'phone_number_taken', 'Another lead already has this phone number', {
    errors: [{ path: 'phone_number', message: 'Another lead already has this phone number', code: 'duplicate' }],
  });
}

// x-undocumented choices (clients must not depend on them): tags and metadata replace;
// notes_append joins with "\n" (or becomes the notes when there were none); becoming
// Converted sets converted_at (leaving Converted keeps it); a phone number another lead has
// is a 409. (An empty body or notes with notes_append never gets here: conformance.ts, 400.)
export function patchLead(store: LeadStore, id: string, body: LeadPatch): ApiResponse {
  const lead = store.get(id);
  if (!lead) return notFound();
  const { notes_append, ...patch } = body;

  if (patch.phone_number !== undefined && patch.phone_number !== lead.phone_number) {
    const other = store.findByPhone(patch.phone_number);
    if (other && other.id !== id) return phoneTaken();
  }

  const now = store.tick(lead.updated_at);
  // A parsed JSON body holds no undefined values: every field it has is a change.
  const next: Lead = { ...lead, ...patch };
  if (notes_append !== undefined) {
    next.notes = typeof lead.notes === 'string' && lead.notes !== '' ? `${lead.notes}\n${notes_append}` : notes_append;
  }
  if (patch.status === 'Converted' && lead.status !== 'Converted') next.converted_at = now;
  next.updated_at = now;
  return json(200, store.commit(next));
}

// Create-or-attach, idempotent on phone_number. x-undocumented: any UUID list_id is
// accepted (lists are not checked to exist); re-attaching to a list the lead is already
// in changes nothing (updated_at kept, no write counted) and still answers 200 existed:true.
export function createLead(store: LeadStore, input: LeadCreate): ApiResponse {

  const existing = store.findByPhone(input.phone_number);
  if (existing) {
    const lists = listIdsOf(existing);
    if (lists.includes(input.list_id)) return json(200, { ...existing, existed: true });
    const attached = store.commit({
      ...existing,
      list_ids: [...lists, input.list_id],
      updated_at: store.tick(existing.updated_at),
    });
    return json(200, { ...attached, existed: true });
  }

  const now = store.tick();
  const status = input.status ?? 'New';
  const lead: Lead = {
    id: randomUUID(),
    account_id: SANDBOX_ACCOUNT_ID,
    name: input.name,
    phone_number: input.phone_number,
    email: input.email ?? null,
    status,
    tags: input.tags ?? [],
    notes: input.notes ?? input.notes_append ?? null,
    metadata: input.metadata ?? {},
    list_ids: [input.list_id],
    converted_at: status === 'Converted' ? now : null,
    created_at: now,
    updated_at: now,
  };
  return json(201, { ...store.commit(lead), existed: false });
}

// x-undocumented: with a list_id the lead is not in, the answer is 404 (nothing changes).
export function deleteLead(store: LeadStore, id: string, listId: string | undefined): ApiResponse {
  const lead = store.get(id);
  if (!lead) return notFound();
  if (listId === undefined) {
    store.delete(id);
    return { status: 204 };
  }
  const lists = listIdsOf(lead);
  if (!lists.includes(listId)) return notFound('The lead is not in this list');
  const remaining = lists.filter((l) => l !== listId);
  if (remaining.length === 0) store.delete(id);
  else store.commit({ ...lead, list_ids: remaining, updated_at: store.tick(lead.updated_at) });
  return { status: 204 };
}
