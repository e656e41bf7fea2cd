// The pure parts of a lead's life, against the sandbox where HTTP is involved: creating once
// whatever answer is lost, deleting in chunks, and who a confirmation names.
import * as assert from 'node:assert/strict';
import { TopCallsClient } from '../../src/api/client';
import { ApiError } from '../../src/api/errors';
import type { Lead } from '../../src/shared/schemas';
import { BULK_DELETE_MAX, chunks, deleteInChunks } from '../../src/leadLifecycle/bulkDelete';
import { confirmationNames, leadName } from '../../src/leadLifecycle/confirmation';
import { createOnce, type CreateCalls } from '../../src/leadLifecycle/createOnce';
import { makeLead } from '../fixtures/leads';
import { startSandbox, type Sandbox } from '../sandbox';

const TOKEN = 'tc_test_life_a1b2c3d4e5';
const LIST = '0b6f2c4e-8d1a-4f3b-9c2e-5a7d9e1f3b6c';

describe('Lead life against the sandbox', function () {
  let sandbox: Sandbox;
  let client: TopCallsClient;

  before(async () => {
    sandbox = await startSandbox({ token: TOKEN, leads: 40, seed: 3 });
    client = new TopCallsClient({
      credentials: async () => ({ baseUrl: sandbox.url, token: TOKEN }),
      timeoutMs: () => 2_000,
      sleep: async () => undefined,
    });
  });
  after(async () => sandbox.close());
  beforeEach(() => {
    sandbox.reset();
    sandbox.clearFaults();
    sandbox.clearRequests();
  });

  const calls = (): CreateCalls => ({
    create: (l) => client.createLead(l),
    findInList: async (phone, listId) => (await client.listLeads({ phone, list_id: listId }, undefined, 1)).items[0],
  });
  const posts = () => sandbox.requests.filter((r) => r.method === 'POST' && r.path === '/v1/leads');
  const withPhone = (phone: string) => sandbox.store.all().filter((l) => l.phone_number === phone);
  const fresh = { name: 'Grace Hopper', phone_number: '+14155550142', list_id: LIST, tags: ['navy'] };

  describe('createOnce', () => {
    it('creates with one POST', async () => {
      const outcome = await createOnce(calls(), fresh);
      assert.equal(outcome.kind, 'created');
      assert.equal(posts().length, 1);
      assert.equal(withPhone(fresh.phone_number).length, 1);
    });

    it('after an answer lost once the lead was made, looks the phone up and does not POST again', async () => {
      sandbox.inject({ kind: 'drop', when: 'after', match: { method: 'POST', path: '/v1/leads' } });
      const outcome = await createOnce(calls(), fresh);
      assert.deepEqual([outcome.kind, outcome.kind !== 'unknown' && outcome.recovered], ['created', true]);
      assert.equal(posts().length, 1, 'one POST only');
      assert.equal(withPhone(fresh.phone_number).length, 1);
    });

    it('after a request lost before it was applied, looks up, finds nothing, and POSTs once more', async () => {
      sandbox.inject({ kind: 'drop', when: 'before', match: { method: 'POST', path: '/v1/leads' } });
      const outcome = await createOnce(calls(), fresh);
      assert.equal(outcome.kind, 'created');
      assert.deepEqual(
        sandbox.requests.filter((r) => r.path === '/v1/leads').map((r) => r.method),
        ['POST', 'GET', 'POST'],
      );
      assert.equal(withPhone(fresh.phone_number).length, 1);
    });

    it('reports an attach, not a create, when the phone was an existing lead with other values and the answer was lost', async () => {
      const existing = sandbox.store.all()[0] as Lead;
      sandbox.inject({ kind: 'status', status: 503, match: { method: 'POST', path: '/v1/leads' } });
      sandbox.inject({ kind: 'drop', when: 'after', match: { method: 'POST', path: '/v1/leads' } });
      const outcome = await createOnce(calls(), { ...fresh, phone_number: existing.phone_number });
      assert.equal(outcome.kind, 'attached');
      assert.equal(sandbox.store.get(existing.id)?.name, existing.name, 'its fields were kept');
      assert.ok(sandbox.store.get(existing.id)?.list_ids?.includes(LIST));
    });

    it('says it does not know, and sends nothing more, when the lookup fails too', async () => {
      sandbox.inject({ kind: 'drop', when: 'after', match: { method: 'POST', path: '/v1/leads' } });
      sandbox.inject({ kind: 'status', status: 500, match: { method: 'GET', path: '/v1/leads' }, times: Infinity });
      const outcome = await createOnce(calls(), fresh);
      assert.equal(outcome.kind, 'unknown');
      assert.equal(posts().length, 1);
    });

    it('does not take a lead with the phone in another list for the create: the lost request was not applied, so it POSTs again and attaches', async () => {
      const existing = sandbox.store.all().find((l) => !(l.list_ids ?? []).includes(LIST)) as Lead;
      sandbox.inject({ kind: 'drop', when: 'before', match: { method: 'POST', path: '/v1/leads' } });
      const outcome = await createOnce(calls(), { ...fresh, phone_number: existing.phone_number });
      assert.deepEqual([outcome.kind, posts().length], ['attached', 2]);
      assert.ok(sandbox.store.get(existing.id)?.list_ids?.includes(LIST), 'now in the list');
    });

    it('on a Retry after a lost answer, looks the phone up before sending anything', async () => {
      // The lost request landed late, after the lookup that came too early: the lead is there now.
      await createOnce(calls(), fresh);
      sandbox.clearRequests();
      const outcome = await createOnce(calls(), fresh, new ApiError({ kind: 'timeout', title: 'No answer' }));
      assert.deepEqual([outcome.kind, outcome.kind !== 'unknown' && outcome.recovered, posts().length], ['created', true, 0]);
    });

    it('throws a definite refusal at once, without a lookup', async () => {
      sandbox.inject({ kind: 'status', status: 422, match: { method: 'POST', path: '/v1/leads' } });
      await assert.rejects(createOnce(calls(), fresh), (error: unknown) => error instanceof ApiError && error.status === 422);
      assert.equal(sandbox.requests.filter((r) => r.method === 'GET').length, 0);
    });
  });

  describe('deleteInChunks', () => {
    it('sends 1,200 ids as chunks of 500, 500 and 200, and counts the ones already gone as not found', async () => {
      sandbox.reset({ leads: 1_200 });
      const ids = sandbox.store.all().map((l) => l.id);
      for (const id of [ids[3], ids[700], ids[1_100]] as string[]) sandbox.store.remove(id);
      const settledAt: number[] = [];
      const tally = await deleteInChunks(ids, { send: (part) => client.bulkDeleteLeads(part), onChunk: (_gone, settled) => settledAt.push(settled) });
      const bodies = sandbox.requests.filter((r) => r.path === '/v1/leads/bulk-delete').map((r) => r.body as { ids: string[] });
      assert.deepEqual(bodies.map((b) => b.ids.length), [500, 500, 200]);
      assert.deepEqual(bodies.flatMap((b) => b.ids), ids);
      assert.deepEqual(settledAt, [500, 1_000, 1_200]);
      assert.deepEqual([tally.deleted, tally.notFound, tally.gone.length, tally.notDone.length], [1_197, 3, 1_200, 0]);
      assert.equal(sandbox.store.size, 0);
    });

    it('stops at a chunk that fails and reports its ids and those after it as not deleted', async () => {
      sandbox.reset({ leads: 1_100 });
      const ids = sandbox.store.all().map((l) => l.id);
      let sent = 0;
      const tally = await deleteInChunks(ids, {
        send: (part) => {
          // The second chunk is refused.
          if (++sent === 2) sandbox.inject({ kind: 'status', status: 403, match: { method: 'POST', path: '/v1/leads/bulk-delete' } });
          return client.bulkDeleteLeads(part);
        },
      });
      assert.equal(tally.deleted, 500);
      assert.deepEqual(tally.notDone, ids.slice(500));
      assert.ok(tally.error instanceof ApiError && tally.error.status === 403);
      assert.equal(sandbox.store.size, 600);
    });

    it('sends nothing more once cancelled, and says what was not sent', async () => {
      sandbox.reset({ leads: 1_000 });
      const ids = sandbox.store.all().map((l) => l.id);
      const cancel = new AbortController();
      const tally = await deleteInChunks(ids, { send: (part) => client.bulkDeleteLeads(part), cancel: cancel.signal, onChunk: () => cancel.abort() });
      assert.equal(sandbox.requests.filter((r) => r.path === '/v1/leads/bulk-delete').length, 1);
      assert.deepEqual([tally.cancelled, tally.notDone.length, sandbox.store.size], [true, 500, 500]);
    });
  });
});

describe('deleteInChunks, answers that do not say', () => {
  it('removes nothing it cannot account for: an answer without counts leaves every id unconfirmed', async () => {
    const ids = ['a', 'b', 'c'];
    const tally = await deleteInChunks(ids, { send: async () => ({ skipped: 1 }) });
    assert.deepEqual([tally.gone, tally.unconfirmed, tally.deleted], [[], ids, 0]);
  });

  it('trusts an answer whose counts add up to the ids sent', async () => {
    const tally = await deleteInChunks(['a', 'b', 'c'], { send: async () => ({ kind: 'sync', deleted: 2, skipped: 1, skipped_payload: [{ lead_id: 'b', reason: 'not_found' }] }) });
    assert.deepEqual([tally.gone, tally.unconfirmed, tally.deleted, tally.notFound], [['a', 'b', 'c'], [], 2, 1]);
  });
});

describe('chunks', () => {
  it('cuts in order, the last one shorter, and never above the limit', () => {
    assert.deepEqual(chunks([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
    assert.deepEqual(chunks([], 500), []);
    assert.deepEqual(chunks(Array.from({ length: 1_000 }, (_, i) => i), BULK_DELETE_MAX).map((c) => c.length), [500, 500]);
    assert.throws(() => chunks([1], 0), RangeError);
  });
});

describe('confirmationNames', () => {
  const lead = (name: string, i: number): Lead => makeLead(i, { name, phone_number: `+1415555010${i}` });

  it('names every lead of a few, the first three of many and how many more', () => {
    const leads = ['Ada', 'Bob', 'Cy', 'Di', 'Ed'].map(lead);
    assert.deepEqual(confirmationNames(leads.slice(0, 2)), { names: ['Ada (+14155550100)', 'Bob (+14155550101)'], more: 0 });
    assert.deepEqual(confirmationNames(leads), { names: ['Ada (+14155550100)', 'Bob (+14155550101)', 'Cy (+14155550102)'], more: 2 });
  });

  it('names the fourth of four rather than saying "and 1 more"', () => {
    assert.deepEqual(confirmationNames(['A', 'B', 'C', 'D'].map(lead)).more, 0);
  });

  it('shows the phone for a lead without a name and cuts a long name between code points', () => {
    assert.equal(leadName(lead('  ', 0)), '+14155550100');
    const long = leadName(lead(`${'x'.repeat(58)}😀😀😀`, 1));
    assert.equal(long, `${'x'.repeat(58)}😀… (+14155550101)`);
  });
});
