// What the Leads tree knows: for each group, the pages loaded so far and the
// cursor to the next. No `vscode` here, so it is unit-tested on its own.
import type { Lead, LeadFilters, LeadPage, Status } from '../api/schemas';
import { STATUSES } from '../api/contract';

export type GroupKey = Status | 'all';

export interface GroupState {
  readonly key: GroupKey;
  /** Lead ids in the order the server gave them (updated leads moved in go first). */
  readonly ids: string[];
  cursor: string | null;
  hasMore: boolean;
  /** At least one page arrived. */
  loaded: boolean;
  error: unknown;
}

export type PageLoader = (filters: LeadFilters, cursor: string | null) => Promise<LeadPage>;

/** What changed, so the view re-renders only that. `undefined` group means the whole tree. */
export type ModelChange = { kind: 'group'; group: GroupKey } | { kind: 'lead'; id: string } | { kind: 'all' };

export class LeadsModel {
  private groups = new Map<GroupKey, GroupState>();
  private readonly leads = new Map<string, { lead: Lead; group: GroupKey }>();
  private readonly inFlight = new Map<GroupKey, Promise<void>>();
  private generation = 0;

  constructor(
    private readonly loadPage: PageLoader,
    private readonly onChange: (change: ModelChange) => void,
    private grouping: 'status' | 'none' = 'status',
    private filterState: LeadFilters = {},
  ) {}

  get filters(): LeadFilters {
    return this.filterState;
  }

  get groupBy(): 'status' | 'none' {
    return this.grouping;
  }

  /** The groups shown at the top: the four statuses (only the filtered one when filtering by status), or one flat list. */
  groupKeys(): GroupKey[] {
    if (this.grouping === 'none') {
      return ['all'];
    }
    return this.filterState.status ? [this.filterState.status] : [...STATUSES];
  }

  group(key: GroupKey): GroupState {
    let state = this.groups.get(key);
    if (!state) {
      state = { key, ids: [], cursor: null, hasMore: true, loaded: false, error: undefined };
      this.groups.set(key, state);
    }
    return state;
  }

  lead(id: string): Lead | undefined {
    return this.leads.get(id)?.lead;
  }

  groupOf(id: string): GroupKey | undefined {
    return this.leads.get(id)?.group;
  }

  leadsOf(key: GroupKey): Lead[] {
    const out: Lead[] = [];
    for (const id of this.group(key).ids) {
      const entry = this.leads.get(id);
      if (entry) {
        out.push(entry.lead);
      }
    }
    return out;
  }

  /** Every lead loaded so far, in every group. */
  allLoaded(): Lead[] {
    return [...this.leads.values()].map((entry) => entry.lead);
  }

  get loadedCount(): number {
    return this.leads.size;
  }

  /** Fetches the group's next page; concurrent calls for the same group share one request. */
  loadMore(key: GroupKey): Promise<void> {
    const running = this.inFlight.get(key);
    if (running) {
      return running;
    }
    const state = this.group(key);
    if (state.loaded && !state.hasMore) {
      return Promise.resolve();
    }
    const generation = this.generation;
    const filters = key === 'all' ? this.filterState : { ...this.filterState, status: key };
    const promise = this.loadPage(filters, state.cursor)
      .then((page) => {
        if (generation !== this.generation) {
          return;
        }
        for (const lead of page.items) {
          // A lead moved here by an edit may come again in a later page: keep one.
          if (!this.leads.has(lead.id)) {
            state.ids.push(lead.id);
          } else if (this.leads.get(lead.id)?.group !== key) {
            continue;
          }
          this.leads.set(lead.id, { lead, group: key });
        }
        state.cursor = page.next_cursor;
        state.hasMore = page.has_more && page.next_cursor !== null;
        state.loaded = true;
        state.error = undefined;
      })
      .catch((error: unknown) => {
        if (generation === this.generation) {
          state.error = error;
        }
        throw error;
      })
      .finally(() => {
        if (this.inFlight.get(key) === promise) {
          this.inFlight.delete(key);
        }
        if (generation === this.generation) {
          this.onChange({ kind: 'group', group: key });
        }
      });
    this.inFlight.set(key, promise);
    return promise;
  }

  /** Forgets everything loaded; the next look at a group fetches its first page again. */
  reset(options: { filters?: LeadFilters; groupBy?: 'status' | 'none' } = {}): void {
    this.generation++;
    this.filterState = options.filters ?? this.filterState;
    this.grouping = options.groupBy ?? this.grouping;
    this.groups = new Map();
    this.leads.clear();
    this.inFlight.clear();
    this.onChange({ kind: 'all' });
  }

  /** Which group a lead belongs in under the current grouping, or undefined when the filter hides it. */
  placeFor(lead: Lead): GroupKey | undefined {
    if (!matchesFilters(lead, this.filterState)) {
      return undefined;
    }
    return this.grouping === 'none' ? 'all' : lead.status;
  }

  /**
   * Puts the server's copy of a lead in place after a write or a lookup: the same
   * node when its group is unchanged, moved to the top of its new group otherwise,
   * dropped when the filter no longer matches. Lists are not fetched again.
   */
  upsert(lead: Lead): void {
    const current = this.leads.get(lead.id);
    const target = this.placeFor(lead);
    if (current && current.group === target) {
      current.lead = lead;
      this.onChange({ kind: 'lead', id: lead.id });
      return;
    }
    if (current) {
      this.detach(lead.id, current.group);
    }
    // A group never opened will fetch the lead with its first page.
    if (target !== undefined && this.group(target).loaded) {
      this.group(target).ids.unshift(lead.id);
      this.leads.set(lead.id, { lead, group: target });
      this.onChange({ kind: 'group', group: target });
    }
  }

  /** Drops a lead the server no longer has. */
  remove(id: string): void {
    const current = this.leads.get(id);
    if (current) {
      this.detach(id, current.group);
    }
  }

  private detach(id: string, key: GroupKey): void {
    const state = this.group(key);
    const index = state.ids.indexOf(id);
    if (index >= 0) {
      state.ids.splice(index, 1);
    }
    this.leads.delete(id);
    this.onChange({ kind: 'group', group: key });
  }
}

/** The documented list filters, applied to one lead we already hold. */
export function matchesFilters(lead: Lead, filters: LeadFilters): boolean {
  return (
    (filters.status === undefined || lead.status === filters.status) &&
    (filters.tag === undefined || lead.tags.includes(filters.tag)) &&
    (filters.list_id === undefined || (lead.list_ids ?? []).includes(filters.list_id)) &&
    (filters.phone === undefined || lead.phone_number === filters.phone)
  );
}
