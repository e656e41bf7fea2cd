// The sandbox's in-memory leads, kept in list order, with a phone index and write counters.
//
// List order (x-undocumented in the contract; clients must not depend on it): newest
// first, i.e. created_at descending, then id descending. Pagination is keyset on that
// (created_at, id) pair, which no API write changes, so paging never skips or repeats
// a lead even while leads are edited. Lead objects are replaced, never mutated in place:
// treat what get()/all() return as read-only snapshots and change leads with put().
import type { Lead } from './types';

export interface SortKey {
  created_at: string;
  id: string;
}

/** A lead as planted by a test: may be hostile (wrong types, missing fields), but has an id. */
export type RawLead = { id: string } & Record<string, unknown>;

/** The lead itself is its key, unless planted data made created_at or id a non-string. */
const keyOf = (lead: Lead): SortKey =>
  typeof lead.created_at === 'string' && typeof lead.id === 'string'
    ? lead
    : { created_at: String(lead.created_at ?? ''), id: String(lead.id) };

/** < 0 when a comes first in list order (newest first). */
export function compareKeys(a: SortKey, b: SortKey): number {
  if (a.created_at !== b.created_at) return a.created_at > b.created_at ? -1 : 1;
  if (a.id !== b.id) return a.id > b.id ? -1 : 1;
  return 0;
}

export class LeadStore {
  private readonly byId = new Map<string, Lead>();
  private readonly byPhone = new Map<string, Lead>();
  private order: Lead[] = [];
  private readonly writes = new Map<string, number>();
  private applied = 0;
  private lastTick = 0;

  constructor(leads: readonly Lead[] = []) {
    this.load(leads);
  }

  /** Replace every lead and reset the write counters. */
  load(leads: readonly Lead[]): void {
    this.byId.clear();
    this.byPhone.clear();
    this.writes.clear();
    this.applied = 0;
    for (const lead of leads) this.index(lead);
    this.order = [...this.byId.values()].sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
  }

  get size(): number {
    return this.byId.size;
  }

  /** Every lead, in list order. */
  all(): Lead[] {
    return [...this.order];
  }

  get(id: string): Lead | undefined {
    return this.byId.get(id);
  }

  findByPhone(phone: string): Lead | undefined {
    return this.byPhone.get(phone);
  }

  /**
   * Insert or replace a lead directly (plant hostile data, simulate another user's edit).
   * Bumps updated_at unless keepUpdatedAt. Not counted as an applied write.
   */
  put(lead: Lead | RawLead, opts: { keepUpdatedAt?: boolean } = {}): Lead {
    const prev = this.byId.get(lead.id);
    const next = { ...lead } as Lead;
    if (!opts.keepUpdatedAt) next.updated_at = this.tick(prev?.updated_at ?? next.updated_at);
    this.replace(next);
    return next;
  }

  /** Remove a lead directly. Not counted as an applied write. */
  remove(id: string): boolean {
    const prev = this.byId.get(id);
    if (!prev) return false;
    this.unindex(prev);
    this.order.splice(this.position(keyOf(prev)), 1);
    return true;
  }

  /** How many API writes were applied to this lead (kept after it is deleted). */
  writeCount(id: string): number {
    return this.writes.get(id) ?? 0;
  }

  /** How many API writes were applied in total (a bulk call counts once per lead it changed). */
  get appliedWrites(): number {
    return this.applied;
  }

  /** Per-lead applied write counts, for the stats control route. */
  writeCounts(): Record<string, number> {
    return Object.fromEntries(this.writes);
  }

  /** Store a lead as an API write (the caller sets its timestamps with tick()) and count it. */
  commit(lead: Lead): Lead {
    this.replace(lead);
    this.count(lead.id);
    return lead;
  }

  /**
   * Store leads new to the store as API writes, merged into the list in one pass: a bulk
   * import's inserts. One by one, each would shift the whole list (they are the newest, so first).
   */
  commitNew(leads: readonly Lead[]): void {
    if (leads.length === 0) return;
    for (const lead of leads) {
      this.index(lead);
      this.count(lead.id);
    }
    const added = [...leads].sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
    const merged: Lead[] = [];
    let i = 0;
    let j = 0;
    while (i < this.order.length || j < added.length) {
      const take = j >= added.length || (i < this.order.length && compareKeys(keyOf(this.order[i] as Lead), keyOf(added[j] as Lead)) <= 0);
      merged.push((take ? this.order[i++] : added[j++]) as Lead);
    }
    this.order = merged;
  }

  /** Delete a lead as an API write and count it. */
  delete(id: string): boolean {
    if (!this.remove(id)) return false;
    this.count(id);
    return true;
  }

  /**
   * A timestamp for a write: now, but strictly later than every earlier tick and than
   * `previous` (the lead's old updated_at), so each write visibly changes updated_at
   * even within one millisecond.
   */
  tick(previous?: unknown): string {
    const prevMs = typeof previous === 'string' ? Date.parse(previous) : NaN;
    let ms = Math.max(Date.now(), this.lastTick + 1);
    if (Number.isFinite(prevMs) && prevMs >= ms) ms = prevMs + 1;
    this.lastTick = ms;
    return new Date(ms).toISOString();
  }

  /** Up to `limit` leads matching `match` that come after `after` in list order. */
  page(match: (lead: Lead) => boolean, after: SortKey | undefined, limit: number): { items: Lead[]; hasMore: boolean } {
    const items: Lead[] = [];
    let i = after ? this.firstAfter(after) : 0;
    for (; i < this.order.length; i++) {
      const lead = this.order[i] as Lead;
      if (!match(lead)) continue;
      if (items.length === limit) return { items, hasMore: true };
      items.push(lead);
    }
    return { items, hasMore: false };
  }

  private count(id: string): void {
    this.writes.set(id, this.writeCount(id) + 1);
    this.applied++;
  }

  private replace(next: Lead): void {
    const prev = this.byId.get(next.id);
    if (prev) {
      this.unindex(prev);
      const at = this.position(keyOf(prev));
      if (compareKeys(keyOf(prev), keyOf(next)) === 0) {
        this.order[at] = next;
        this.index(next);
        return;
      }
      this.order.splice(at, 1);
    }
    this.index(next);
    this.order.splice(this.firstAfter(keyOf(next)), 0, next);
  }

  private index(lead: Lead): void {
    this.byId.set(lead.id, lead);
    if (typeof lead.phone_number === 'string') this.byPhone.set(lead.phone_number, lead);
  }

  private unindex(lead: Lead): void {
    this.byId.delete(lead.id);
    if (this.byPhone.get(lead.phone_number) === lead) this.byPhone.delete(lead.phone_number);
  }

  /** Index of the first lead whose key is >= key (binary search). */
  private position(key: SortKey): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(keyOf(this.order[mid] as Lead), key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the first lead whose key is > key. */
  private firstAfter(key: SortKey): number {
    const at = this.position(key);
    const found = this.order[at];
    return found && compareKeys(keyOf(found), key) === 0 ? at + 1 : at;
  }
}
