// Quick edits on one lead and on a selection of 50, against the sandbox.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Lead } from '../../src/shared/schemas';
import type { EditSummary } from '../../src/quickEdits/quickEdits';
import type { TestingApi } from '../../src/extension';
import { captureNotifications } from '../reliability/inEditor';
import type { Sandbox } from '../sandbox';
import { children, sandboxed, setSetting, signIn, waitFor } from './support';

describe('Quick edits', () => {
  let sandbox: Sandbox;
  let api: TestingApi;

  before(async () => {
    ({ sandbox, api } = await sandboxed({ leads: 80 }));
    await setSetting('groupBy', 'none');
    await setSetting('pageSize', 200);
    await signIn(sandbox);
  });
  after(async () => {
    await setSetting('groupBy', undefined);
    await setSetting('pageSize', undefined);
    await api.tokens.clear();
    await sandbox.close();
  });
  beforeEach(async () => {
    sandbox.reset();
    api.view.refresh();
    await waitFor(async () => (await children(api)).length === 80, 'all leads loaded');
    sandbox.clearRequests();
  });

  const patches = () => sandbox.requests.filter((r) => r.method === 'PATCH');
  const loaded = (): Lead[] => api.view.model.allLoaded();
  const run = (command: string, ids: string[], value: unknown) =>
    vscode.commands.executeCommand<EditSummary | undefined>(command, undefined, ids, value);

  it('Set Status on one lead sends only the status and updates the tree in place', async () => {
    const lead = loaded().find((l) => l.status !== 'Converted') as Lead;
    const summary = await run('topcalls.setStatus', [lead.id], 'Converted');
    assert.equal(summary?.updated.length, 1);
    assert.deepEqual(patches().map((p) => [p.path, p.body]), [[`/v1/leads/${lead.id}`, { status: 'Converted' }]]);
    assert.equal(api.view.model.lead(lead.id)?.status, 'Converted');
    assert.equal(sandbox.requests.filter((r) => r.method === 'GET').length, 0, 'no list or lead re-read');
  });

  it('Set Status is sent even when the tree shows the lead with that status: its copy may be stale', async () => {
    const lead = loaded()[0] as Lead;
    const summary = await run('topcalls.setStatus', [lead.id], lead.status);
    assert.equal(summary?.updated.length, 1);
    assert.deepEqual(patches().map((p) => p.body), [{ status: lead.status }]);
  });

  it('Add Tags and Remove Tags send the complete new list', async () => {
    const lead = loaded().find((l) => l.tags.length > 0) as Lead;
    await run('topcalls.addTags', [lead.id], ['fresh', lead.tags[0]]);
    assert.deepEqual(patches()[0]?.body, { tags: [...lead.tags, 'fresh'] });
    sandbox.clearRequests();
    await run('topcalls.removeTags', [lead.id], [lead.tags[0]]);
    assert.deepEqual(patches()[0]?.body, { tags: [...lead.tags.slice(1), 'fresh'] });
    assert.deepEqual(sandbox.store.get(lead.id)?.tags, [...lead.tags.slice(1), 'fresh']);
  });

  it('says what was done in one sentence, once: the status bar for one lead, one notification for several, no zero counts', async () => {
    const notes = await captureNotifications();
    try {
      const [one, ...three] = loaded().filter((l) => !l.tags.some((t) => t.toLowerCase() === 'follow-up')).slice(0, 4);
      let mark = notes.shown.length;
      await run('topcalls.addTags', [one!.id], ['follow-up']);
      assert.deepEqual(notes.since(mark), [{ kind: 'status', text: `$(check) Added tag follow-up to ${one!.name}.`, actions: [] }]);

      mark = notes.shown.length;
      await run('topcalls.addTags', [one!.id, ...three.map((l) => l.id)], ['Follow-Up']);
      assert.deepEqual(notes.since(mark), [{ kind: 'info', text: 'Added tag Follow-Up to 3 leads: 1 already up to date.', actions: [] }]);

      mark = notes.shown.length;
      sandbox.inject({ kind: 'status', status: 422, match: { method: 'PATCH', path: `/v1/leads/${three[0]!.id}` }, body: { title: 'Unprocessable', status: 422 } });
      await run('topcalls.setStatus', three.map((l) => l.id), 'Unsubscribed');
      const shown = notes.since(mark);
      assert.equal(shown.length, 1, JSON.stringify(shown));
      assert.equal(shown[0]?.kind, 'warning');
      assert.equal(shown[0]?.text, 'Set status to Unsubscribed on 3 leads: 2 updated, 1 failed.');
    } finally {
      notes.restore();
    }
  });

  it('offers Set API Token when a quick edit finds no token set (signed out while it read the lead)', async () => {
    const lead = loaded().find((l) => !l.tags.includes('late')) as Lead;
    const read = () => sandbox.requests.some((r) => r.method === 'GET' && r.path === `/v1/leads/${lead.id}`);
    const notes = await captureNotifications();
    try {
      sandbox.inject({ kind: 'delay', ms: 500, match: { method: 'GET', path: `/v1/leads/${lead.id}` } });
      const mark = notes.shown.length;
      const pending = run('topcalls.addTags', [lead.id], ['late']);
      await waitFor(read, 'Add Tags to read the lead');
      await api.tokens.clear();
      const summary = await pending;
      assert.equal(summary?.failed.length, 1);
      assert.equal(patches().length, 0, 'nothing written without a token');
      const errors = notes.since(mark).filter((s) => s.kind === 'error');
      assert.equal(errors.length, 1, JSON.stringify(notes.since(mark)));
      assert.match(errors[0]!.text, /No TopCalls API token is set/);
      assert.deepEqual(errors[0]!.actions, ['Set API Token']);
    } finally {
      notes.restore();
      await signIn(sandbox);
    }
  });

  it('Append Note sends notes_append alone', async () => {
    const lead = loaded()[0] as Lead;
    await run('topcalls.appendNote', [lead.id], 'Called, left voicemail');
    assert.deepEqual(patches()[0]?.body, { notes_append: 'Called, left voicemail' });
    assert.match(api.view.model.lead(lead.id)?.notes ?? '', /left voicemail$/);
  });

  it('rejects an invalid status from automation without sending', async () => {
    await run('topcalls.setStatus', [loaded()[0]!.id], 'Lost');
    assert.equal(patches().length, 0);
  });

  it('bulk-edits 50 leads with at most 4 requests in flight', async () => {
    const targets = loaded().slice(0, 50);
    sandbox.inject({ kind: 'delay', ms: 40, times: Infinity, match: { method: 'PATCH' } });
    const summary = await run('topcalls.addTags', targets.map((l) => l.id), ['bulk']);
    assert.equal(summary?.updated.length, 50);
    assert.equal(patches().length, 50);
    assert.ok(sandbox.peakInFlight <= 4, `peak ${sandbox.peakInFlight} requests in flight`);
    assert.ok(sandbox.peakInFlight >= 2, 'requests did run in parallel');
    for (const lead of targets) {
      assert.ok(sandbox.store.get(lead.id)?.tags.includes('bulk'));
      assert.ok(api.view.model.lead(lead.id)?.tags.includes('bulk'));
      assert.equal(sandbox.store.writeCount(lead.id), 1);
    }
  });

  it('waits out 429s and still updates every lead once', async () => {
    const targets = loaded().slice(0, 50);
    sandbox.inject({ kind: 'rateLimit', retryAfter: 1, times: 3, match: { method: 'PATCH' } });
    sandbox.inject({ kind: 'rateLimit', retryAfter: null, times: 2, match: { method: 'PATCH' } });
    const summary = await run('topcalls.appendNote', targets.map((l) => l.id), 'bulk note');
    assert.equal(summary?.updated.length, 50);
    assert.equal(patches().length, 55);
    for (const lead of targets) assert.equal(sandbox.store.writeCount(lead.id), 1);
  });

  it('reports failures, then Retry Failed sends only those', async () => {
    const targets = loaded().slice(0, 50);
    sandbox.inject({ kind: 'status', status: 422, times: 3, match: { method: 'PATCH' }, body: { title: 'Unprocessable', status: 422, detail: 'Try later' } });
    const summary = await run('topcalls.setStatus', targets.map((l) => l.id), 'Unsubscribed');
    assert.equal(summary?.failed.length, 3);
    assert.equal(summary?.updated.length, 47);
    sandbox.clearRequests();
    const retried = await vscode.commands.executeCommand<EditSummary>('topcalls.retryFailedEdits');
    assert.equal(retried.updated.length, 3);
    assert.equal(patches().length, 3);
    for (const lead of targets) assert.equal(sandbox.store.get(lead.id)?.status, 'Unsubscribed');
  });

  it('never retries an append that may have been applied (5xx, dropped connection)', async () => {
    const targets = loaded().slice(0, 10);
    sandbox.inject({ kind: 'status', status: 500, times: 1, match: { method: 'PATCH' } });
    sandbox.inject({ kind: 'drop', when: 'after', times: 1, match: { method: 'PATCH' } });
    const summary = await run('topcalls.appendNote', targets.map((l) => l.id), 'exactly once');
    assert.equal(summary?.uncertain.length, 2);
    assert.equal(patches().length, 10, 'no request was repeated');
    const applied = targets.reduce((n, lead) => n + sandbox.store.writeCount(lead.id), 0);
    assert.equal(applied, 9, 'the dropped one was applied once, the 500 not at all');
    for (const lead of targets) {
      assert.ok((sandbox.store.get(lead.id)?.notes ?? '').split('exactly once').length <= 2, 'appended at most once');
    }
    const retried = await vscode.commands.executeCommand<EditSummary | undefined>('topcalls.retryFailedEdits');
    assert.equal(retried, undefined, 'nothing offered for retry');
  });

  it('cancel part-way: sends no more, and says what was not sent', async () => {
    const targets = loaded().slice(0, 50);
    sandbox.inject({ kind: 'delay', ms: 60, times: Infinity, match: { method: 'PATCH' } });
    const pending = run('topcalls.addTags', targets.map((l) => l.id), ['cancelled-run']);
    await waitFor(() => patches().length >= 8, 'some requests to go out');
    await vscode.commands.executeCommand('topcalls.cancelEdits');
    const summary = (await pending) as EditSummary;
    const sent = patches().length;
    assert.ok(sent < 50, `sent ${sent}`);
    assert.equal(summary.updated.length, sent, 'every request sent finished');
    assert.equal(summary.notSent.length, 50 - sent);
    const tagged = targets.filter((l) => sandbox.store.get(l.id)?.tags.includes('cancelled-run'));
    assert.equal(tagged.length, sent, 'the server holds exactly what was reported');
  });
});
