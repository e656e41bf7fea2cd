import * as assert from 'node:assert/strict';
import type { Lead } from '../../src/shared/schemas';
import { LeadStore, type StoreChange } from '../../src/store/leadStore';
import { LeadsModel, matchesFilters } from '../../src/tree/leadsModel';
import { leadsOf, makeLead } from '../fixtures/leads';

const at = (minute: number): string => new Date(Date.UTC(2026, 1, 1, 0, minute)).toISOString();
const copy = (minute: number, changes: Partial<Lead> = {}): Lead => makeLead(1, { updated_at: at(minute), ...changes });

function watched(store: LeadStore): StoreChange[] {
  const changes: StoreChange[] = [];
  store.onDidChange((change) => changes.push(change));
  return changes;
}

describe('LeadStore', () => {
  it('keeps the newer copy whatever order the copies arrive in', () => {
    const store = new LeadStore();
    const older = copy(1, { name: 'Old' });
    const newer = copy(2, { name: 'New' });
    assert.equal(store.put(newer), true);
    assert.equal(store.put(older), false);
    assert.equal(store.get(older.id)?.name, 'New');
    assert.equal(store.put(copy(3, { name: 'Newest' })), true);
    assert.equal(store.get(older.id)?.name, 'Newest');
  });

  it('at the same updated_at, takes the answer to our own write and keeps the held copy over a read', () => {
    const store = new LeadStore();
    store.put(copy(1, { name: 'Held' }));
    assert.equal(store.put(copy(1, { name: 'Read' })), false);
    assert.equal(store.get(makeLead(1).id)?.name, 'Held');
    assert.equal(store.put(copy(1, { name: 'Written' }), 'write'), true);
    assert.equal(store.get(makeLead(1).id)?.name, 'Written');
  });

  it('keeps a known optional field that a newer answer leaves out', () => {
    const store = new LeadStore();
    store.put(copy(1, { list_ids: ['list-a'] }));
    const { list_ids: _omitted, ...answer } = copy(2, { name: 'Renamed' });
    store.put(answer, 'write');
    assert.deepEqual(store.get(answer.id)?.list_ids, ['list-a']);
    assert.equal(store.get(answer.id)?.name, 'Renamed');
    store.put(copy(3, { list_ids: [] }));
    assert.deepEqual(store.get(answer.id)?.list_ids, [], 'an answer that says it is empty is believed');
  });

  it('announces each change once, with the ids changed or gone, and nothing for a copy that says nothing new', () => {
    const store = new LeadStore();
    const changes = watched(store);
    const other = makeLead(2, { updated_at: at(1) });
    assert.deepEqual(store.putAll([copy(1), other]), [copy(1).id, other.id]);
    store.putAll([copy(1), other]);
    store.put(copy(0));
    store.remove(other.id);
    assert.deepEqual(changes, [
      { changed: [copy(1).id, other.id], gone: [] },
      { changed: [], gone: [other.id] },
    ]);
    assert.equal(store.get(other.id), undefined);
  });

  it('removes many deleted leads with one announcement (a bulk delete of 500 redraws the tree once), and nothing for none', () => {
    const store = new LeadStore();
    const leads = [1, 2, 3].map((n) => makeLead(n, { updated_at: at(1) }));
    store.putAll(leads);
    const changes = watched(store);
    store.removeAll([]);
    store.removeAll([leads[0]!.id, leads[2]!.id]);
    assert.deepEqual(changes, [{ changed: [], gone: [leads[0]!.id, leads[2]!.id] }]);
    assert.deepEqual(store.all().map((l) => l.id), [leads[1]!.id]);
  });

  it('forgets silently: the next copy is taken as it is', () => {
    const store = new LeadStore();
    store.put(copy(5, { name: 'Later' }));
    const changes = watched(store);
    store.forget();
    assert.deepEqual(changes, []);
    store.put(copy(1, { name: 'Earlier' }));
    assert.equal(store.get(copy(1).id)?.name, 'Earlier');
  });

  it('runs writes to one lead one after the other, each after the previous answer is in the store', async () => {
    const store = new LeadStore();
    const id = copy(1).id;
    const order: string[] = [];
    let release: () => void = () => undefined;
    const first = store.serialize(id, async () => {
      order.push('first starts');
      await new Promise<void>((resolve) => (release = resolve));
      store.put(copy(2, { name: 'First' }), 'write');
      order.push('first ends');
      throw new Error('first failed after writing');
    });
    const second = store.serialize(id, async () => {
      order.push(`second starts, store has ${store.get(id)?.name}`);
      return 'second';
    });
    const otherLead = store.serialize(makeLead(2).id, async () => {
      order.push('another lead does not wait');
    });
    await otherLead;
    release();
    await assert.rejects(first, /first failed/);
    assert.equal(await second, 'second');
    assert.deepEqual(order, ['first starts', 'another lead does not wait', 'first ends', 'second starts, store has First']);
  });
});

describe('LeadsModel following the store', () => {
  const pages = (leads: () => Lead[]) => async (filters: { status?: string }) => {
    const items = leads().filter((lead) => matchesFilters(lead, filters as never));
    return { items, has_more: false, next_cursor: null };
  };

  it('moves a lead a colleague moved to the group whose page brought the newer copy', async () => {
    let server = [makeLead(1, { status: 'New', updated_at: at(1) }), makeLead(2, { status: 'Contacted', updated_at: at(1) })];
    const store = new LeadStore();
    const model = new LeadsModel(store, pages(() => server), () => undefined);
    await model.loadMore('New');
    server = [{ ...server[0]!, status: 'Contacted', updated_at: at(2) }, server[1]!];
    await model.loadMore('Contacted');
    assert.deepEqual(leadsOf(model, 'New'), []);
    assert.deepEqual(leadsOf(model, 'Contacted').map((l) => l.name), ['Lead 1', 'Lead 2']);
    assert.equal(model.groupOf(server[0]!.id), 'Contacted');
  });

  it('keeps a lead where the newer held copy puts it when a page brings an older one', async () => {
    // The New page was read before our write and answered after it.
    const stale = makeLead(1, { status: 'New', updated_at: at(1) });
    const written = { ...stale, status: 'Converted' as const, updated_at: at(2) };
    const store = new LeadStore();
    store.put(written, 'write');
    const model = new LeadsModel(store, pages(() => [stale, written]), () => undefined);
    await model.loadMore('New');
    await model.loadMore('Converted');
    assert.deepEqual(leadsOf(model, 'New'), []);
    assert.equal(model.lead(stale.id)?.status, 'Converted');
  });
});
