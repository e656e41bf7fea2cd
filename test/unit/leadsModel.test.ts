import * as assert from 'node:assert/strict';
import type { Lead, LeadFilters, LeadPage } from '../../src/shared/schemas';
import { LeadStore } from '../../src/store/leadStore';
import { LeadsModel, matchesFilters, type ModelChange } from '../../src/tree/leadsModel';
import { leadsOf, makeLead } from '../fixtures/leads';

/** Pages over a fixed list, applying the filters like the API does; records every call. */
function pager(leads: Lead[], size: number) {
  const calls: { filters: LeadFilters; cursor: string | null }[] = [];
  const load = async (filters: LeadFilters, cursor: string | null): Promise<LeadPage> => {
    calls.push({ filters, cursor });
    const matching = leads.filter((lead) => matchesFilters(lead, filters));
    const start = cursor === null ? 0 : Number(cursor);
    const end = start + size;
    return { items: matching.slice(start, end), has_more: end < matching.length, next_cursor: end < matching.length ? String(end) : null };
  };
  return { load, calls };
}

function setup(leads: Lead[], size = 2, groupBy: 'status' | 'none' = 'status', filters: LeadFilters = {}) {
  const { load, calls } = pager(leads, size);
  const changes: ModelChange[] = [];
  const store = new LeadStore();
  const model = new LeadsModel(store, load, (change) => changes.push(change), groupBy, filters);
  return { model, store, calls, changes };
}

let clock = Date.parse('2026-02-01T00:00:00Z');
/** The lead as the server would send it after a change: the change made, updated_at later. */
function changed(lead: Lead, changes: Partial<Lead>): Lead {
  return { ...lead, ...changes, updated_at: new Date(clock++).toISOString() };
}

const leads = [
  makeLead(1, { status: 'New', tags: ['vip'] }),
  makeLead(2, { status: 'New' }),
  makeLead(3, { status: 'New', tags: ['vip'] }),
  makeLead(4, { status: 'Contacted' }),
  makeLead(5, { status: 'Converted' }),
];

describe('LeadsModel', () => {
  it('shows the four status groups, or only the filtered one', () => {
    assert.deepEqual(setup(leads).model.groupKeys(), ['New', 'Contacted', 'Converted', 'Unsubscribed']);
    assert.deepEqual(setup(leads, 2, 'status', { status: 'Contacted' }).model.groupKeys(), ['Contacted']);
    assert.deepEqual(setup(leads, 2, 'none').model.groupKeys(), ['all']);
  });

  it('loads a group one page at a time with the status filter, passing the cursor back untouched', async () => {
    const { model, calls } = setup(leads);
    await model.loadMore('New');
    assert.deepEqual(leadsOf(model, 'New').map((l) => l.name), ['Lead 1', 'Lead 2']);
    assert.equal(model.group('New').hasMore, true);
    await model.loadMore('New');
    assert.deepEqual(leadsOf(model, 'New').map((l) => l.name), ['Lead 1', 'Lead 2', 'Lead 3']);
    assert.equal(model.group('New').hasMore, false);
    assert.deepEqual(calls, [
      { filters: { status: 'New' }, cursor: null },
      { filters: { status: 'New' }, cursor: '2' },
    ]);
    await model.loadMore('New');
    assert.equal(calls.length, 2, 'no request once the group is complete');
  });

  it('shares one request between concurrent loads of a group', async () => {
    const { model, calls } = setup(leads);
    await Promise.all([model.loadMore('New'), model.loadMore('New'), model.loadMore('New')]);
    assert.equal(calls.length, 1);
  });

  it('combines the user filter with the group status', async () => {
    const { model, calls } = setup(leads, 10, 'status', { tag: 'vip' });
    await model.loadMore('New');
    assert.deepEqual(calls[0]?.filters, { tag: 'vip', status: 'New' });
    assert.deepEqual(leadsOf(model, 'New').map((l) => l.name), ['Lead 1', 'Lead 3']);
  });

  it('updates a lead in place when its group does not change', async () => {
    const { model, store, changes } = setup(leads, 10);
    await model.loadMore('New');
    changes.length = 0;
    store.put(changed(leads[1]!, { name: 'Renamed' }));
    assert.deepEqual(leadsOf(model, 'New').map((l) => l.name), ['Lead 1', 'Renamed', 'Lead 3']);
    assert.deepEqual(changes, [{ kind: 'lead', id: leads[1]!.id }]);
  });

  it('moves a lead to the top of its new status group when both are loaded', async () => {
    const { model, store, calls } = setup(leads, 10);
    await model.loadMore('New');
    await model.loadMore('Contacted');
    const before = calls.length;
    store.put(changed(leads[0]!, { status: 'Contacted' }), 'write');
    assert.deepEqual(leadsOf(model, 'New').map((l) => l.name), ['Lead 2', 'Lead 3']);
    assert.deepEqual(leadsOf(model, 'Contacted').map((l) => l.name), ['Lead 1', 'Lead 4']);
    assert.equal(model.groupOf(leads[0]!.id), 'Contacted');
    assert.equal(calls.length, before, 'no list request');
  });

  it('leaves a moved lead to the first page of a group never opened', async () => {
    const { model, store } = setup(leads, 10);
    await model.loadMore('New');
    store.put(changed(leads[0]!, { status: 'Unsubscribed' }));
    assert.equal(model.lead(leads[0]!.id), undefined);
    assert.equal(model.group('Unsubscribed').loaded, false);
  });

  it('does not duplicate a moved lead when a later page brings it again', async () => {
    const all = [makeLead(10, { status: 'Contacted' }), makeLead(11, { status: 'Contacted' }), makeLead(12, { status: 'New' })];
    const { model, store } = setup(all, 1);
    await model.loadMore('Contacted');
    await model.loadMore('New');
    // Lead 12 becomes Contacted on the server and here, before the second page of Contacted is read.
    all[2] = changed(all[2]!, { status: 'Contacted' });
    store.put(all[2], 'write');
    await model.loadMore('Contacted');
    await model.loadMore('Contacted');
    const ids = model.group('Contacted').ids;
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(leadsOf(model, 'Contacted').map((l) => l.name).sort(), ['Lead 10', 'Lead 11', 'Lead 12']);
  });

  it('drops an updated lead that no longer matches the filter', async () => {
    const { model, store } = setup(leads, 10, 'status', { tag: 'vip' });
    await model.loadMore('New');
    store.put(changed(leads[0]!, { tags: [] }));
    assert.deepEqual(leadsOf(model, 'New').map((l) => l.name), ['Lead 3']);
  });

  it('removes a lead', async () => {
    const { model, store } = setup(leads, 10);
    await model.loadMore('New');
    store.remove(leads[1]!.id);
    assert.deepEqual(leadsOf(model, 'New').map((l) => l.name), ['Lead 1', 'Lead 3']);
    assert.equal(model.lead(leads[1]!.id), undefined);
  });

  it('keeps a failed load as the group error, and a retry clears it', async () => {
    let fail = true;
    const model = new LeadsModel(
      new LeadStore(),
      async () => {
        if (fail) throw new Error('boom');
        return { items: [leads[0]!], has_more: false, next_cursor: null };
      },
      () => undefined,
    );
    await assert.rejects(model.loadMore('New'), /boom/);
    assert.match(String(model.group('New').error), /boom/);
    fail = false;
    await model.loadMore('New');
    assert.equal(model.group('New').error, undefined);
    assert.equal(leadsOf(model, 'New').length, 1);
  });

  it('ignores a page that arrives after a reset', async () => {
    let release: (page: LeadPage) => void = () => undefined;
    const model = new LeadsModel(
      new LeadStore(),
      () => new Promise<LeadPage>((resolve) => (release = resolve)),
      () => undefined,
    );
    const loading = model.loadMore('New');
    model.reset({ filters: { tag: 'x' } });
    release({ items: [leads[0]!], has_more: false, next_cursor: null });
    await loading;
    assert.equal(model.allLoaded().length, 0);
    assert.equal(model.group('New').loaded, false);
  });

  describe('Refresh', () => {
    /** A server whose pages wait for `open()` and fail while `failing` is set. */
    function gatedServer(list: Lead[]) {
      const { load, calls } = pager(list, 2);
      const server = { failing: undefined as Error | undefined, held: false, waiting: [] as (() => void)[] };
      const gated = async (filters: LeadFilters, cursor: string | null): Promise<LeadPage> => {
        if (server.held) await new Promise<void>((resolve) => server.waiting.push(resolve));
        if (server.failing) throw server.failing;
        return load(filters, cursor);
      };
      const open = (): void => {
        server.held = false;
        for (const resolve of server.waiting.splice(0)) resolve();
      };
      const changes: ModelChange[] = [];
      const store = new LeadStore();
      const model = new LeadsModel(store, gated, (change) => changes.push(change));
      return { model, store, calls, changes, server, open };
    }
    const names = (model: LeadsModel, key: 'New' | 'Contacted'): string[] => leadsOf(model, key).map((l) => l.name);
    /** Lets the refresh's page requests start. */
    const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

    it('keeps the loaded rows until the first page of every loaded group has come, then replaces them', async () => {
      const list = [...leads];
      const { model, store, calls, server, open } = gatedServer(list);
      await model.loadMore('New');
      await model.loadMore('New');
      await model.loadMore('Contacted');
      calls.length = 0;
      list.splice(1, 1);
      list.push(makeLead(6, { status: 'Contacted' }));
      server.held = true;
      const refreshing = model.refresh();
      await tick();
      assert.deepEqual(names(model, 'New'), ['Lead 1', 'Lead 2', 'Lead 3'], 'the rows stay while the pages are on their way');
      open();
      await refreshing;
      assert.deepEqual(names(model, 'New'), ['Lead 1', 'Lead 3']);
      assert.deepEqual(names(model, 'Contacted'), ['Lead 4', 'Lead 6']);
      assert.equal(model.group('New').cursor, null, 'back to one page per group');
      assert.deepEqual(calls.map((c) => c.filters.status).sort(), ['Contacted', 'New'], 'only the loaded groups, from their first page');
      assert.ok(calls.every((c) => c.cursor === null));
      assert.equal(store.get(leads[1]!.id), undefined, 'a lead gone from the pages is no longer held');
      assert.equal(model.stale, undefined);
    });

    it('keeps the rows after a failed refresh, marked with the failure and when they were loaded; a successful one clears the mark', async () => {
      const { model, changes, server } = gatedServer([...leads]);
      const before = Date.now();
      await model.loadMore('New');
      await model.loadMore('Contacted');
      const after = Date.now();
      changes.length = 0;
      server.failing = new Error('unreachable');
      await assert.rejects(model.refresh(), /unreachable/);
      assert.deepEqual(names(model, 'New'), ['Lead 1', 'Lead 2']);
      assert.deepEqual(names(model, 'Contacted'), ['Lead 4']);
      assert.equal(model.group('New').hasMore, true, 'Load more still goes on from where it was');
      assert.match(String(model.stale?.error), /unreachable/);
      const loadedAt = model.stale?.loadedAt ?? 0;
      assert.ok(loadedAt >= before && loadedAt <= after, 'the time the rows were loaded');
      assert.deepEqual(changes, [
        { kind: 'group', group: 'New' },
        { kind: 'group', group: 'Contacted' },
      ]);
      server.failing = undefined;
      await model.refresh();
      assert.equal(model.stale, undefined);
      assert.deepEqual(names(model, 'New'), ['Lead 1', 'Lead 2']);
    });

    it('starts over when nothing is loaded, and drops the mark on a reset', async () => {
      const { model, calls, changes, server } = gatedServer([...leads]);
      await model.refresh();
      assert.equal(calls.length, 0, 'nothing to read again');
      assert.deepEqual(changes, [{ kind: 'all' }]);
      await model.loadMore('New');
      server.failing = new Error('down');
      await assert.rejects(model.refresh());
      model.reset({ filters: { tag: 'vip' } });
      assert.equal(model.stale, undefined);
      assert.equal(model.allLoaded().length, 0);
    });

    it('keeps a copy the store took while the refresh was reading over the older one its page brings', async () => {
      const { model, store, server, open } = gatedServer([...leads]);
      await model.loadMore('New');
      server.held = true;
      const refreshing = model.refresh();
      await tick();
      // The page was read before this write's answer came.
      store.put(changed(leads[0]!, { name: 'Written' }), 'write');
      open();
      await refreshing;
      assert.deepEqual(names(model, 'New'), ['Written', 'Lead 2']);
    });

    it('drops its answer after a reset or a later refresh', async () => {
      const { model, calls, server, open } = gatedServer([...leads]);
      await model.loadMore('New');
      server.held = true;
      const first = model.refresh();
      await tick();
      model.reset({ filters: { tag: 'vip' } });
      server.failing = new Error('late');
      open();
      await first;
      assert.equal(model.stale, undefined, 'a failure that no longer matters marks nothing');
      assert.equal(model.allLoaded().length, 0);
      server.failing = undefined;
      await model.loadMore('New');
      calls.length = 0;
      server.held = true;
      const older = model.refresh();
      await tick();
      const newer = model.refresh();
      await tick();
      open();
      await Promise.all([older, newer]);
      assert.equal(calls.length, 2);
      assert.deepEqual(names(model, 'New'), ['Lead 1', 'Lead 3']);
    });
  });

  it('in flat mode loads everything into one list', async () => {
    const { model, store, calls } = setup(leads, 10, 'none');
    await model.loadMore('all');
    assert.equal(leadsOf(model, 'all').length, 5);
    assert.deepEqual(calls[0]?.filters, {});
    store.put(changed(leads[0]!, { status: 'Converted' }));
    assert.equal(leadsOf(model, 'all').length, 5, 'a status change keeps it in the flat list');
  });
});
