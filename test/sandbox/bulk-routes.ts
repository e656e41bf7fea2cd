// POST /v1/leads/bulk and POST /v1/leads/bulk-delete.
import { randomUUID } from 'node:crypto';
import { json, type ApiResponse } from './http';
import { BULK_DELETE_MAX_IDS, matchesFilters } from './requests';
import { SANDBOX_ACCOUNT_ID } from './seed';
import type { LeadStore } from './store';
import type { BulkDelete, BulkImport, Lead } from './types';

const union = (a: unknown, b: readonly string[]): string[] => [
  ...new Set([...(Array.isArray(a) ? a.filter((x): x is string => typeof x === 'string') : []), ...b]),
];

// One transaction: the whole body was validated first (conformance.ts: errors name
// `leads[i].field`), then it is applied. x-undocumented choices: every lead the call touches gets the same updated_at;
// merge appends "[<ISO timestamp>] <notes>" on a new line, unions tags, attaches list_id
// and leaves the other fields alone; `duplicates` counts items whose phone number already
// existed (in the account or earlier in the same request): in merge mode they are also
// counted in `updated`, in skip mode they are left untouched (not even attached to list_id).
export function bulkImport(store: LeadStore, body: BulkImport): ApiResponse {
  const started = performance.now();
  const { list_id, mode, leads } = body;

  const now = store.tick();
  let inserted = 0;
  let updated = 0;
  let duplicates = 0;
  // New leads are stored together at the end (store.commitNew); a later item with the same
  // phone finds them here meanwhile.
  const fresh = new Map<string, Lead>();
  for (const item of leads) {
    const existing = fresh.get(item.phone_number) ?? store.findByPhone(item.phone_number);
    if (!existing) {
      const status = item.status ?? 'New';
      fresh.set(item.phone_number, {
        id: randomUUID(),
        account_id: SANDBOX_ACCOUNT_ID,
        name: item.name,
        phone_number: item.phone_number,
        email: item.email ?? null,
        status,
        tags: item.tags ?? [],
        notes: item.notes ?? null,
        metadata: item.metadata ?? {},
        list_ids: [list_id],
        converted_at: status === 'Converted' ? now : null,
        created_at: now,
        updated_at: now,
      });
      inserted++;
      continue;
    }
    duplicates++;
    if (mode === 'skip') continue;
    const isFresh = fresh.get(item.phone_number) === existing;
    const stamp = !isFresh && typeof existing.updated_at === 'string' && existing.updated_at >= now ? store.tick(existing.updated_at) : now;
    const notes = item.notes
      ? `${typeof existing.notes === 'string' && existing.notes !== '' ? `${existing.notes}\n` : ''}[${now}] ${item.notes}`
      : existing.notes;
    const merged = { ...existing, tags: union(existing.tags, item.tags ?? []), notes, list_ids: union(existing.list_ids, [list_id]), updated_at: stamp };
    if (isFresh) fresh.set(item.phone_number, merged);
    else store.commit(merged);
    updated++;
  }
  store.commitNew([...fresh.values()]);
  return json(200, {
    success: true,
    inserted,
    updated,
    duplicates,
    total_processed: leads.length,
    duration_ms: Math.round((performance.now() - started) * 1000) / 1000,
  });
}

// ids: synchronous, unknown ids are skipped with reason "not_found". filter: answers 202
// with a job as the contract allows; x-undocumented: the sandbox runs the job at once,
// before answering (there is no job-status endpoint, so clients must not depend on when).
export function bulkDelete(store: LeadStore, body: BulkDelete): ApiResponse {
  if ('ids' in body) {
    let deleted = 0;
    const skipped: { lead_id: string; reason: string }[] = [];
    for (const id of body.ids) {
      if (store.delete(id)) deleted++;
      else skipped.push({ lead_id: id, reason: 'not_found' });
    }
    return json(200, { kind: 'sync', deleted, skipped: skipped.length, skipped_payload: skipped });
  }

  const targets = store.all().filter(matchesFilters(body.filter));
  for (const lead of targets) store.delete(lead.id);
  return json(202, {
    kind: 'async',
    job_id: `job_${randomUUID()}`,
    status: 'pending',
    total_leads: targets.length,
    chunks_total: Math.ceil(targets.length / BULK_DELETE_MAX_IDS),
  });
}
