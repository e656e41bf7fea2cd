// One lead store: the tree, quick edits and bulk runs agree on the newest copy of each lead,
// whatever the order of events, in a real editor against the sandbox.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Lead, Status } from '../../src/shared/schemas';
import type { EditSummary } from '../../src/quickEdits/quickEdits';
import type { TestingApi } from '../../src/extension';
import type { LeadsNode } from '../../src/tree/nodes';
import { SAMPLE_LIST_IDS, type Sandbox } from '../sandbox';
import { children, sandboxed, setSetting, signIn, waitFor, labelText } from './support';

describe('One lead store', () => {
  let sandbox: Sandbox;
  let api: TestingApi;

  before(async () => {
    ({ sandbox, api } = await sandboxed({ leads: 60 }));
    await setSetting('pageSize', 5);
    await signIn(sandbox);
    await vscode.commands.executeCommand('topcalls.leads.focus');
  });
  after(async () => {
    await setSetting('pageSize', undefined);
    await setSetting('requestTimeoutMs', undefined);
    await api.tokens.clear();
    await sandbox.close();
  });
  beforeEach(async () => {
    sandbox.reset();
    await vscode.commands.executeCommand('workbench.actions.treeView.topcalls.leads.collapseAll');
    api.view.refresh();
    sandbox.clearRequests();
  });

  const group = (status: Status): LeadsNode => api.view.provider.nodes.group(status);
  const leadIds = (nodes: LeadsNode[]): string[] => nodes.flatMap((n) => (n.kind === 'lead' ? [n.id] : []));
  const patches = () => sandbox.requests.filter((r) => r.method === 'PATCH');
  const run = (command: string, ids: string[], value: unknown) =>
    vscode.commands.executeCommand<EditSummary | undefined>(command, undefined, ids, value);
  /** The leads of a group shown after its first page. */
  const firstPage = async (status: Status): Promise<Lead[]> =>
    leadIds(await children(api, group(status))).map((id) => api.view.model.lead(id) as Lead);

  async function loadAll(status: Status): Promise<string[]> {
    let nodes = await children(api, group(status));
    while (nodes.some((n) => n.kind === 'more')) {
      await vscode.commands.executeCommand('topcalls.loadMore', status);
      nodes = await children(api, group(status));
    }
    return leadIds(nodes);
  }

  it('a lead a colleague moved from New to Contacted shows under Contacted when that page loads, and leaves New', async () => {
    const [moved] = await firstPage('New');
    sandbox.store.put({ ...sandbox.store.get(moved!.id)!, status: 'Contacted' });
    assert.ok((await loadAll('Contacted')).includes(moved!.id), 'listed under Contacted');
    assert.ok(!leadIds(await children(api, group('New'))).includes(moved!.id), 'no longer under New');
    assert.equal(api.view.model.lead(moved!.id)?.status, 'Contacted');
  });

  it('an answer that leaves out list_ids keeps the lists known', async () => {
    const target = sandbox.store.all().find((l) => l.status === 'New')!;
    sandbox.store.put({ ...target, list_ids: [SAMPLE_LIST_IDS[0]!] });
    assert.ok((await loadAll('New')).includes(target.id));
    sandbox.inject({ kind: 'missingField', field: 'list_ids', match: { method: 'PATCH', path: `/v1/leads/${target.id}` } });
    const summary = await run('topcalls.addTags', [target.id], ['listed']);
    assert.equal(summary?.updated.length, 1);
    assert.deepEqual(api.view.model.lead(target.id)?.tags.includes('listed'), true);
    assert.deepEqual(api.view.model.lead(target.id)?.list_ids, [SAMPLE_LIST_IDS[0]]);
  });

  it('Add Tags keeps a tag a colleague added since the page loaded', async () => {
    const [lead] = await firstPage('New');
    sandbox.store.put({ ...sandbox.store.get(lead!.id)!, tags: [...lead!.tags, 'from-colleague'] });
    await run('topcalls.addTags', [lead!.id], ['mine']);
    assert.deepEqual(sandbox.store.get(lead!.id)?.tags, [...lead!.tags, 'from-colleague', 'mine']);
    assert.deepEqual(api.view.model.lead(lead!.id)?.tags, [...lead!.tags, 'from-colleague', 'mine']);
  });

  it('two Add Tags on one lead at once both land', async () => {
    const [lead] = await firstPage('New');
    sandbox.inject({ kind: 'delay', ms: 50, times: Infinity, match: { method: 'PATCH' } });
    await Promise.all([run('topcalls.addTags', [lead!.id], ['first']), run('topcalls.addTags', [lead!.id], ['second'])]);
    assert.deepEqual(sandbox.store.get(lead!.id)?.tags, [...lead!.tags, 'first', 'second']);
    assert.deepEqual(api.view.model.lead(lead!.id)?.tags, [...lead!.tags, 'first', 'second']);
  });

  it('Set Status does not skip a lead as up to date on the strength of a stale copy', async () => {
    const [lead] = await firstPage('New');
    sandbox.store.put({ ...sandbox.store.get(lead!.id)!, status: 'Converted' });
    const summary = await run('topcalls.setStatus', [lead!.id], 'New');
    assert.equal(summary?.updated.length, 1);
    assert.equal(sandbox.store.get(lead!.id)?.status, 'New');
  });

  it('Cancel withdraws edits waiting out a 429: reported not sent, and nothing is sent after', async () => {
    const leads = await firstPage('New');
    sandbox.inject({ kind: 'rateLimit', retryAfter: 20, times: leads.length, match: { method: 'PATCH' } });
    const started = Date.now();
    const pending = run('topcalls.appendNote', leads.map((l) => l.id), 'never sent');
    await waitFor(() => patches().length === 4, 'four requests to be refused with a 429');
    await vscode.commands.executeCommand('topcalls.cancelEdits');
    const summary = (await pending) as EditSummary;
    assert.ok(Date.now() - started < 10_000, 'the 20 s wait was not sat out');
    assert.equal(summary.notSent.length, leads.length);
    assert.equal(summary.updated.length + summary.failed.length, 0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(patches().length, 4, 'nothing was sent after Cancel');
    for (const lead of leads) assert.ok(!(sandbox.store.get(lead.id)?.notes ?? '').includes('never sent'));
  });

  it('with two bulk runs, Cancel stops the one still running after the other ended', async () => {
    const leads = await loadAll('New');
    const slow = leads.slice(0, 5);
    const quick = leads.slice(5, 7);
    for (const id of slow) sandbox.inject({ kind: 'delay', ms: 1500, times: Infinity, match: { method: 'PATCH', path: `/v1/leads/${id}` } });
    const slowRun = run('topcalls.addTags', slow, ['slow-run']);
    await waitFor(() => patches().length > 0, 'the slow run to send');
    const quickRun = await run('topcalls.addTags', quick, ['quick-run']);
    assert.equal(quickRun?.updated.length, 2);
    await vscode.commands.executeCommand('topcalls.cancelEdits');
    const summary = (await slowRun) as EditSummary;
    assert.ok(summary.notSent.length > 0, 'the slow run was cancelled');
    assert.equal(summary.updated.length + summary.notSent.length, 5);
    const tagged = slow.filter((id) => sandbox.store.get(id)?.tags.includes('slow-run'));
    assert.equal(tagged.length, summary.updated.length, 'the server holds exactly what was reported');
  });

  it('each bulk run keeps its own Retry Failed, whichever run ends last', async function () {
    const leads = await loadAll('New');
    const [a1, a2, b1, b2, probe] = leads;
    const notices = answerableNotices();
    try {
      // Only where the extension's window API can be observed from here.
      await run('topcalls.addTags', [probe!], ['probe']);
      if (notices.statusBar === 0) this.skip();
      sandbox.inject({ kind: 'status', status: 422, match: { method: 'PATCH', path: `/v1/leads/${a1}` }, body: { title: 'Unprocessable', status: 422 } });
      sandbox.inject({ kind: 'delay', ms: 400, match: { method: 'PATCH', path: `/v1/leads/${b1}` } });
      const [first, second] = await Promise.all([run('topcalls.setStatus', [a1!, a2!], 'Contacted'), run('topcalls.setStatus', [b1!, b2!], 'Converted')]);
      assert.equal(first?.failed.length, 1);
      assert.equal(second?.failed.length, 0, 'the run that ended last had nothing to retry');
      const notice = notices.warnings.find((w) => w.message.startsWith('Set status to Contacted'));
      assert.ok(notice, `the first run's warning; shown: ${JSON.stringify(notices.warnings.map((w) => w.message))}`);
      assert.ok(notice.actions.includes('Retry Failed'));
      sandbox.clearRequests();
      notice.answer('Retry Failed');
      await waitFor(() => sandbox.store.get(a1!)?.status === 'Contacted', 'the first run’s failure to be retried');
      assert.deepEqual(patches().map((p) => [p.path, p.body]), [[`/v1/leads/${a1}`, { status: 'Contacted' }]]);
    } finally {
      notices.restore();
    }
  });

  it('a dropped connection opening a second group is that group’s error; the first group’s rows stay', async () => {
    const first = leadIds(await children(api, group('New')));
    sandbox.inject({ kind: 'drop', when: 'before', times: Infinity, match: { method: 'GET', path: '/v1/leads' } });
    const nodes = await children(api, group('Contacted'));
    assert.equal(api.view.provider.errorWelcome, '');
    assert.deepEqual(nodes.map((n) => n.kind), ['message']);
    assert.match(labelText(api.view.provider.getTreeItem(nodes[0]!)), /Couldn't reach TopCalls/);
    assert.deepEqual(leadIds(await children(api, group('New'))), first);
  });

  it('a timeout on Load more is that group’s error, with Retry; the loaded rows stay', async function () {
    this.timeout(30_000);
    await setSetting('requestTimeoutMs', 1000);
    try {
      const first = leadIds(await children(api, group('New')));
      assert.equal(first.length, 5);
      sandbox.inject({ kind: 'delay', ms: 1500, times: Infinity, match: { method: 'GET', path: '/v1/leads' } });
      await vscode.commands.executeCommand('topcalls.loadMore', 'New');
      assert.equal(api.view.provider.errorWelcome, '', 'the view as a whole is not blocked');
      const nodes = await children(api, group('New'));
      assert.deepEqual(leadIds(nodes), first);
      const row = nodes.at(-1)!;
      assert.equal(row.kind, 'message');
      const item = api.view.provider.getTreeItem(row);
      assert.match(labelText(item), /didn't answer in time/);
      assert.equal(item.command?.command, 'topcalls.retryGroup');
      sandbox.clearFaults();
      await vscode.commands.executeCommand('topcalls.retryGroup', 'New');
      assert.ok(leadIds(await children(api, group('New'))).length > 5, 'the next page came');
    } finally {
      await setSetting('requestTimeoutMs', undefined);
    }
  });
});

/** Warnings held open for the test to answer, as the user would click a button; status bar messages counted. */
function answerableNotices() {
  const win = vscode.window as unknown as Record<string, unknown>;
  const originals = { showWarningMessage: win.showWarningMessage, setStatusBarMessage: win.setStatusBarMessage };
  const notices = {
    warnings: [] as { message: string; actions: string[]; answer: (choice: string) => void }[],
    statusBar: 0,
    restore: () => {
      for (const [name, value] of Object.entries(originals)) Object.defineProperty(win, name, { value, configurable: true, writable: true });
    },
  };
  const replace = (name: string, value: unknown): void => {
    try {
      Object.defineProperty(win, name, { value, configurable: true, writable: true });
    } catch {
      // A frozen API object: the probe sees nothing and the test is skipped.
    }
  };
  replace('showWarningMessage', (message: string, ...actions: unknown[]) =>
    new Promise((resolve) => notices.warnings.push({ message, actions: actions.filter((a): a is string => typeof a === 'string'), answer: resolve })),
  );
  replace('setStatusBarMessage', (...args: unknown[]) => {
    notices.statusBar++;
    return (originals.setStatusBarMessage as (...a: unknown[]) => unknown).apply(vscode.window, args);
  });
  return notices;
}
