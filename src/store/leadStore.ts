// The one owner of "the lead as we know it": every copy the server sent (pages, reads,
// write answers) goes in here, and the tree, the forms, the JSON documents and the quick
// edits read it and listen to it. No `vscode` here, so it is unit-tested on its own and
// driven by the interleaving test over real HTTP.
import type { Lead } from '../shared/schemas';

/** Where a copy came from: a read (page, GET) or the server's answer to our own write. */
export type CopySource = 'read' | 'write';

export interface StoreChange {
  /** Leads whose held copy changed (or that were new). */
  readonly changed: readonly string[];
  /** Leads the server says no longer exist. */
  readonly gone: readonly string[];
}

export interface Listening {
  dispose(): void;
}

/**
 * Fields the API may leave out of an answer (a PATCH answer without `list_ids`): absent
 * means "not said", so what we knew stays.
 */
const OPTIONAL_FIELDS = ['email', 'notes', 'metadata', 'converted_at', 'list_ids'] as const satisfies readonly (keyof Lead)[];

export class LeadStore {
  private readonly leads = new Map<string, Lead>();
  private readonly writes = new Map<string, Promise<unknown>>();
  private readonly listeners = new Set<(change: StoreChange) => void>();

  get(id: string): Lead | undefined {
    return this.leads.get(id);
  }

  /** Every lead held, in no particular order. */
  all(): Lead[] {
    return [...this.leads.values()];
  }

  /** The copy that would be held after `put(incoming, source)`; nothing is stored. */
  newest(incoming: Lead, source: CopySource = 'read'): Lead {
    return resolve(this.leads.get(incoming.id), incoming, source);
  }

  /** Takes a copy from the server; returns whether the held copy changed. */
  put(incoming: Lead, source: CopySource = 'read'): boolean {
    return this.putAll([incoming], source).length > 0;
  }

  /** Takes many copies (a page) with one change event; returns the ids that changed. */
  putAll(incoming: readonly Lead[], source: CopySource = 'read'): string[] {
    const changed: string[] = [];
    for (const lead of incoming) {
      const held = this.leads.get(lead.id);
      const next = resolve(held, lead, source);
      if (held === undefined || (next !== held && !sameCopy(next, held))) {
        this.leads.set(lead.id, next);
        changed.push(lead.id);
      }
    }
    if (changed.length > 0) this.fire({ changed, gone: [] });
    return changed;
  }

  /** The server says the lead does not exist (404). */
  remove(id: string): void {
    this.removeAll([id]);
  }

  /** The server says these leads do not exist (deleted): one change event for all. */
  removeAll(ids: readonly string[]): void {
    if (ids.length === 0) return;
    for (const id of ids) this.leads.delete(id);
    this.fire({ changed: [], gone: [...ids] });
  }

  /**
   * Forgets every copy (but those in `keep`) without announcing anything: after a full
   * refresh or an account change, what the server sends next is taken as it is.
   */
  forget(keep: ReadonlySet<string> = new Set()): void {
    for (const id of this.leads.keys()) {
      if (!keep.has(id) && !this.inUse(id)) this.leads.delete(id);
    }
  }

  /** Leads `forget` keeps whatever it is told: those something outside the tree still shows (an open document). */
  keepWhile(inUse: (id: string) => boolean): void {
    this.inUse = inUse;
  }

  private inUse: (id: string) => boolean = () => false;

  onDidChange(listener: (change: StoreChange) => void): Listening {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * Runs `task` after every write to this lead queued before it has settled (and put its
   * answer here), so a second edit is computed from the first one's result. A failed task
   * does not stop the ones after it.
   */
  serialize<T>(id: string, task: () => Promise<T>): Promise<T> {
    const previous = this.writes.get(id) ?? Promise.resolve();
    const run = previous.then(task, task);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.writes.set(id, settled);
    void settled.then(() => {
      if (this.writes.get(id) === settled) this.writes.delete(id);
    });
    return run;
  }

  private fire(change: StoreChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }
}

/**
 * Which copy wins: the later `updated_at`. At the same time the server's answer to our own
 * write wins (it is the copy that write produced, and it may carry what a read at that
 * instant did not); a read at the same time keeps the held copy. Either way, an optional
 * field the winner leaves out keeps the value the other copy had.
 */
function resolve(held: Lead | undefined, incoming: Lead, source: CopySource): Lead {
  if (held === undefined) return incoming;
  const order = compareTimes(incoming.updated_at, held.updated_at);
  const incomingWins = order > 0 || (order === 0 && source === 'write');
  const [winner, other] = incomingWins ? [incoming, held] : [held, incoming];
  let merged: Lead | undefined;
  for (const field of OPTIONAL_FIELDS) {
    if (winner[field] === undefined && other[field] !== undefined) {
      merged ??= { ...winner };
      (merged as Record<string, unknown>)[field] = other[field];
    }
  }
  return merged ?? winner;
}

/** > 0 when `a` is later. ISO timestamps from one server; a value that does not parse is oldest. */
function compareTimes(a: string, b: string): number {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (Number.isNaN(ta) || Number.isNaN(tb)) return Number.isNaN(ta) ? (Number.isNaN(tb) ? 0 : -1) : 1;
  return ta - tb;
}

/** The same content, so no change is announced for a copy that says nothing new. */
function sameCopy(a: Lead, b: Lead): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
