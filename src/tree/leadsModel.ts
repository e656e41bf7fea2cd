// What the Leads tree knows: for each group, which leads it shows in which order and the
// cursor to the next page. The leads themselves are the store's: the model places each one
// in its group and moves it when the store's copy changes. No `vscode` here, so it is
// unit-tested on its own.
import type { Lead, LeadFilters, LeadPage, Status } from '../shared/schemas';
import { STATUSES } from '../shared/contract';
import type { LeadStore, Listening, StoreChange } from '../store/leadStore';

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

/** The rows on screen outlived a refresh that failed: why, and when they were loaded (ms since the epoch). */
export interface Staleness {
  readonly error: unknown;
  readonly loadedAt: number;
}

/** What changed, so the view re-renders only that: a group's rows, one lead's row, or (`all`) the whole tree. */
export type ModelChange = { kind: 'group'; group: GroupKey } | { kind: 'lead'; id: string } | { kind: 'all' };

export class LeadsModel {
  private groups = new Map<GroupKey, GroupState>();
  /** The group each shown lead is in. */
  private readonly membership = new Map<string, GroupKey>();
  private readonly inFlight = new Map<GroupKey, Promise<void>>();
  private generation = 0;
  /** Leads a page being taken in has just placed, while it hands its copies to the store. */
  private pagePlaced: Set<string> | undefined;
  private readonly listening: Listening;
  /** When the first page since the last reset or refresh came. */
  private firstPageAt: number | undefined;
  private staleness: Staleness | undefined;
  /** Bumped by each refresh: only the latest one replaces the rows or marks them. */
  private refreshes = 0;
  /** Leads the store took while the latest refresh was reading: they are as new as its pages. */
  private arrivedDuringRefresh: Set<string> | undefined;

  constructor(
    private readonly store: LeadStore,
    private readonly loadPage: PageLoader,
    private readonly onChange: (change: ModelChange) => void,
    private grouping: 'status' | 'none' = 'status',
    private filterState: LeadFilters = {},
  ) {
    this.listening = store.onDidChange((change) => this.storeChanged(change));
  }

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

  /** The store's copy of a lead the tree shows. */
  lead(id: string): Lead | undefined {
    return this.membership.has(id) ? this.store.get(id) : undefined;
  }

  groupOf(id: string): GroupKey | undefined {
    return this.membership.get(id);
  }

  /** Every lead the tree shows, in every group. */
  allLoaded(): Lead[] {
    return [...this.membership.keys()].flatMap((id) => this.store.get(id) ?? []);
  }

  /** Set while the rows shown are those a failed refresh could not replace. */
  get stale(): Staleness | undefined {
    return this.staleness;
  }

  /** Whether any group has had its first page since the last reset: rows (or "No leads") are on screen. */
  get anyLoaded(): boolean {
    return this.groupKeys().some((key) => this.group(key).loaded);
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
    const promise = this.loadPage(this.filtersOf(key), state.cursor)
      .then((page) => {
        if (generation === this.generation) {
          this.takePage(state, page);
        }
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

  private filtersOf(key: GroupKey): LeadFilters {
    return key === 'all' ? this.filterState : { ...this.filterState, status: key };
  }

  /** Adds a page to its group and hands its copies to the store. */
  private takePage(state: GroupState, page: LeadPage): void {
    const key = state.key;
    const placed = new Set<string>();
    for (const lead of page.items) {
      // Placed by the newest copy: one the store holds from a later write or page may
      // belong elsewhere (then it stays there), and a lead already shown in another
      // group that now belongs here moves here, in page order.
      if (this.placeFor(this.store.newest(lead)) !== key || this.membership.get(lead.id) === key) {
        continue;
      }
      this.detach(lead.id);
      state.ids.push(lead.id);
      this.membership.set(lead.id, key);
      placed.add(lead.id);
    }
    // The group's refresh shows the leads just placed; only the others need a word.
    this.pagePlaced = placed;
    try {
      this.store.putAll(page.items);
    } finally {
      this.pagePlaced = undefined;
    }
    state.cursor = page.next_cursor;
    state.hasMore = page.has_more && page.next_cursor !== null;
    state.loaded = true;
    state.error = undefined;
    this.firstPageAt ??= Date.now();
  }

  /** Forgets everything loaded; the next look at a group fetches its first page again. */
  reset(options: { filters?: LeadFilters; groupBy?: 'status' | 'none' } = {}): void {
    this.clear();
    this.filterState = options.filters ?? this.filterState;
    this.grouping = options.groupBy ?? this.grouping;
    this.onChange({ kind: 'all' });
  }

  private clear(): void {
    this.generation++;
    this.groups = new Map();
    this.membership.clear();
    this.inFlight.clear();
    this.firstPageAt = undefined;
    this.staleness = undefined;
    this.arrivedDuringRefresh = undefined;
  }

  /**
   * Reads the first page of every loaded group again while the loaded rows stay. Once every
   * page has come they replace the rows, and the store keeps only the copies that came since
   * the refresh began (older ones may no longer be the server's: its pages are taken as they
   * are). When one fails the rows stay, marked stale with the failure, which is rethrown
   * (unless the refresh no longer matters). Nothing loaded: a reset, as there is nothing to keep.
   */
  async refresh(): Promise<void> {
    const keys = this.groupKeys().filter((key) => this.group(key).loaded);
    if (keys.length === 0) {
      this.store.forget();
      this.reset();
      return;
    }
    const generation = this.generation;
    const refresh = ++this.refreshes;
    const arrived = new Set<string>();
    this.arrivedDuringRefresh = arrived;
    // A reset meanwhile (filter, grouping) or a later refresh makes this one's answer moot.
    const current = (): boolean => generation === this.generation && refresh === this.refreshes;
    let pages: { key: GroupKey; page: LeadPage }[];
    try {
      pages = await Promise.all(keys.map(async (key) => ({ key, page: await this.loadPage(this.filtersOf(key), null) })));
    } catch (error) {
      if (!current()) return;
      this.arrivedDuringRefresh = undefined;
      this.staleness = { error, loadedAt: this.firstPageAt ?? Date.now() };
      for (const key of keys) this.onChange({ kind: 'group', group: key });
      throw error;
    }
    if (!current()) return;
    this.clear();
    this.store.forget(arrived);
    for (const { key, page } of pages) this.takePage(this.group(key), page);
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
   * Puts the store's copy of a lead in place: the same node when its group is unchanged,
   * moved to the top of its new group otherwise, dropped when the filter no longer
   * matches or the store no longer has it. Lists are not fetched again.
   */
  place(id: string): void {
    const lead = this.store.get(id);
    const current = this.membership.get(id);
    const target = lead && this.placeFor(lead);
    if (current !== undefined && current === target) {
      this.onChange({ kind: 'lead', id });
      return;
    }
    this.detach(id);
    // A group never opened will fetch the lead with its first page.
    if (target !== undefined && this.group(target).loaded) {
      this.group(target).ids.unshift(id);
      this.membership.set(id, target);
      this.onChange({ kind: 'group', group: target });
    }
  }

  /** Stops following the store (the view is closing). */
  dispose(): void {
    this.listening.dispose();
  }

  private storeChanged({ changed, gone }: StoreChange): void {
    for (const id of changed) {
      this.arrivedDuringRefresh?.add(id);
      if (!this.pagePlaced?.has(id)) this.place(id);
    }
    for (const id of gone) this.detach(id);
  }

  private detach(id: string): void {
    const key = this.membership.get(id);
    if (key === undefined) {
      return;
    }
    const state = this.group(key);
    const index = state.ids.indexOf(id);
    if (index >= 0) {
      state.ids.splice(index, 1);
    }
    this.membership.delete(id);
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
