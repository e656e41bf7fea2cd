// Quick edits and form saves through the store, against the sandbox over real HTTP.
import * as assert from 'node:assert/strict';
import { TopCallsClient } from '../../src/api/client';
import { ApiError } from '../../src/api/errors';
import type { Lead } from '../../src/shared/schemas';
import { leadText } from '../../src/document/leadText';
import { writeLeadDocument } from '../../src/document/writeLead';
import { runBulk } from '../../src/quickEdits/bulk';
import { runEdit } from '../../src/quickEdits/leadEdit';
import { LeadStore } from '../../src/store/leadStore';
import { memoryJournal } from '../fixtures/journal';
import { startSandbox, type Sandbox } from '../sandbox';

const TOKEN = 'tc_test_lead_edit_0123456789';

describe('Quick edits through the store (sandbox)', () => {
  let sandbox: Sandbox;
  let client: TopCallsClient;
  let store: LeadStore;

  before(async () => {
    sandbox = await startSandbox({ token: TOKEN, leads: 20, seed: 3 });
    client = new TopCallsClient({ credentials: async () => ({ baseUrl: sandbox.url, token: TOKEN }), timeoutMs: () => 5_000 });
  });
  after(async () => sandbox.close());
  beforeEach(async () => {
    sandbox.reset();
    store = new LeadStore();
    store.putAll((await client.listLeads({}, null, 50)).items);
    sandbox.clearRequests();
  });

  const deps = () => ({ client, store });
  const someLead = (): Lead => sandbox.store.all()[0] as Lead;
  const patches = () => sandbox.requests.filter((r) => r.method === 'PATCH');

  it('Add Tags keeps a tag added elsewhere since the page loaded', async () => {
    const lead = someLead();
    sandbox.store.put({ ...lead, tags: [...lead.tags, 'from-colleague'] });
    await runEdit(deps(), lead.id, { kind: 'addTags', tags: ['mine'] });
    assert.deepEqual(sandbox.store.get(lead.id)?.tags, [...lead.tags, 'from-colleague', 'mine']);
    assert.deepEqual(store.get(lead.id)?.tags, [...lead.tags, 'from-colleague', 'mine']);
  });

  it('Remove Tags keeps a tag added elsewhere since the page loaded', async () => {
    const lead = sandbox.store.put({ ...someLead(), tags: ['old'] });
    store.put(await client.getLead(lead.id));
    sandbox.store.put({ ...lead, tags: ['old', 'from-colleague'] });
    await runEdit(deps(), lead.id, { kind: 'removeTags', tags: ['old'] });
    assert.deepEqual(sandbox.store.get(lead.id)?.tags, ['from-colleague']);
  });

  it('Add Tags with VIP on a lead the server has with vip: nothing sent, no second tag', async () => {
    const lead = sandbox.store.put({ ...someLead(), tags: ['vip', 'b'] });
    const result = await runEdit(deps(), lead.id, { kind: 'addTags', tags: ['VIP'] });
    assert.equal(result.changed, false);
    assert.deepEqual(patches(), []);
    assert.deepEqual(sandbox.store.get(lead.id)?.tags, ['vip', 'b']);
    await runEdit(deps(), lead.id, { kind: 'addTags', tags: ['Vip', 'new'] });
    assert.deepEqual(sandbox.store.get(lead.id)?.tags, ['vip', 'b', 'new']);
  });

  it('two overlapping tag edits on one lead both land', async () => {
    const lead = someLead();
    sandbox.inject({ kind: 'delay', ms: 30, times: Infinity, match: { method: 'GET' } });
    await Promise.all([
      runEdit(deps(), lead.id, { kind: 'addTags', tags: ['one'] }),
      runEdit(deps(), lead.id, { kind: 'addTags', tags: ['two'] }),
      runEdit(deps(), lead.id, { kind: 'removeTags', tags: lead.tags.slice(0, 1) }),
    ]);
    assert.deepEqual(sandbox.store.get(lead.id)?.tags, [...lead.tags.slice(1), 'one', 'two']);
    assert.deepEqual(store.get(lead.id)?.tags, sandbox.store.get(lead.id)?.tags);
  });

  it('Set Status is sent even when the held copy already has the status', async () => {
    const lead = someLead();
    store.put({ ...lead, status: 'Converted', updated_at: new Date(Date.parse(lead.updated_at) + 1).toISOString() });
    const result = await runEdit(deps(), lead.id, { kind: 'status', status: 'Converted' });
    assert.equal(result.changed, true);
    assert.deepEqual(patches().map((p) => p.body), [{ status: 'Converted' }]);
    assert.equal(sandbox.store.get(lead.id)?.status, 'Converted');
  });

  it("a lead document's save and a quick edit of one lead run one after the other, and neither is lost", async () => {
    const lead = someLead();
    const base = store.get(lead.id) as Lead;
    sandbox.inject({ kind: 'delay', ms: 30, times: Infinity, match: { method: 'PATCH' } });
    const text = leadText({ ...base, name: 'Saved From The Form' });
    const [saved] = await Promise.all([
      writeLeadDocument({ ...deps(), readCopy: () => base, journal: memoryJournal() }, lead.id, text, undefined),
      runEdit(deps(), lead.id, { kind: 'addTags', tags: ['quick'] }),
      runEdit(deps(), lead.id, { kind: 'note', text: 'one note' }),
    ]);
    assert.deepEqual(saved.sent, { name: 'Saved From The Form' });
    const server = sandbox.store.get(lead.id) as Lead;
    assert.equal(server.name, 'Saved From The Form');
    assert.ok(server.tags.includes('quick'));
    assert.equal((server.notes ?? '').split('one note').length - 1, 1);
    assert.deepEqual(store.get(lead.id), server);
  });

  it('a refusal after an attempt that may have been applied is reported as may-have-applied', async () => {
    const lead = someLead();
    sandbox.inject({ kind: 'drop', when: 'after', match: { method: 'PATCH' } });
    sandbox.inject({ kind: 'status', status: 422, match: { method: 'PATCH' } });
    const error = await runEdit(deps(), lead.id, { kind: 'addTags', tags: ['dropped'] }).then(
      () => assert.fail('expected a failure'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof ApiError && error.mayHaveApplied, `got ${String(error)}`);
    assert.ok(sandbox.store.get(lead.id)?.tags.includes('dropped'), 'the first attempt was applied');
  });

  it('Cancel withdraws edits waiting out a 429 as not sent, and sends nothing after', async () => {
    const leads = sandbox.store.all().slice(0, 6);
    sandbox.inject({ kind: 'rateLimit', retryAfter: 20, times: 2, match: { method: 'PATCH' } });
    sandbox.inject({ kind: 'delay', ms: 300, times: Infinity, match: { method: 'PATCH' } });
    const controller = new AbortController();
    const started = Date.now();
    const running = runBulk(leads, (lead) => runEdit(deps(), lead.id, { kind: 'note', text: 'cancelled run' }, controller.signal), {
      concurrency: 4,
      signal: controller.signal,
      notSent: (error) => error instanceof ApiError && error.kind === 'cancelled',
    });
    // Two wait out a 429, two are on the wire.
    await waitUntil(() => patches().filter((r) => r.status === 429).length === 2 && patches().length === 4);
    controller.abort();
    const outcome = await running;
    assert.ok(Date.now() - started < 5_000, 'the 20 s Retry-After was not waited out');
    const sentBefore = patches().length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(patches().length, sentBefore, 'nothing sent after Cancel');
    assert.equal(outcome.done.length, 2);
    assert.deepEqual(outcome.failed, []);
    assert.equal(outcome.notSent.length, 4);
    for (const lead of outcome.notSent) assert.equal(sandbox.store.writeCount(lead.id), 0);
    for (const { item } of outcome.done) assert.equal(sandbox.store.writeCount(item.id), 1);
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
