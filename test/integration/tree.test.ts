// The Leads tree in a real editor, against the sandbox.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Lead, Status } from '../../src/shared/schemas';
import { leadUri } from '../../src/document/leadUri';
import type { TestingApi } from '../../src/extension';
import { formatPhoneForReading } from '../../src/shared/phoneFormat';
import { formatDateTime } from '../../src/shared/dates';
import { leadTooltip } from '../../src/tree/leadItem';
import { markdownText } from '../../src/tree/markdown';
import type { LeadsNode } from '../../src/tree/nodes';
import { captureNotifications } from '../reliability/inEditor';
import type { Sandbox } from '../sandbox';
import { children, listQueries, sandboxed, setSetting, signIn, waitFor, labelText } from './support';

const PAGE = 10;

describe('Leads tree', () => {
  let sandbox: Sandbox;
  let api: TestingApi;

  before(async () => {
    ({ sandbox, api } = await sandboxed({ leads: 90 }));
    await setSetting('pageSize', PAGE);
    await signIn(sandbox);
    await vscode.commands.executeCommand('topcalls.leads.focus');
  });
  after(async () => {
    await setSetting('pageSize', undefined);
    await setSetting('groupBy', undefined);
    await vscode.commands.executeCommand('topcalls.clearFilter');
    await api.tokens.clear();
    await sandbox.close();
  });
  beforeEach(async () => {
    sandbox.clearFaults();
    // The view is on screen: collapsed, it loads nothing behind the tests' backs.
    await vscode.commands.executeCommand('workbench.actions.treeView.topcalls.leads.collapseAll');
    await vscode.commands.executeCommand('topcalls.clearFilter');
    api.view.refresh();
    sandbox.clearRequests();
  });

  const serverLeads = (status?: Status): Lead[] => sandbox.store.all().filter((l) => status === undefined || l.status === status);
  const group = (status: Status | 'all'): LeadsNode => api.view.provider.nodes.group(status);
  const item = (node: LeadsNode): vscode.TreeItem => api.view.provider.getTreeItem(node);
  const leadIds = (nodes: LeadsNode[]): string[] => nodes.flatMap((n) => (n.kind === 'lead' ? [n.id] : []));

  /** Expands a group and presses "Load more…" until the end; returns the lead ids in order. */
  async function loadAll(status: Status | 'all'): Promise<string[]> {
    let nodes = await children(api, status === 'all' ? undefined : group(status));
    while (nodes.some((n) => n.kind === 'more')) {
      await vscode.commands.executeCommand('topcalls.loadMore', status);
      nodes = await children(api, status === 'all' ? undefined : group(status));
    }
    return leadIds(nodes);
  }

  it('groups by status: four groups, each listing its leads with the server-side status filter', async () => {
    const groups = await children(api);
    assert.deepEqual(
      groups.map((g) => item(g).label),
      ['New', 'Contacted', 'Converted', 'Unsubscribed'],
    );
    assert.equal(sandbox.requests.length, 0, 'groups cost no request until opened');
    const first = await children(api, group('Contacted'));
    assert.deepEqual(listQueries(sandbox), [`status=Contacted&limit=${PAGE}`]);
    const ids = leadIds(first);
    assert.equal(ids.length, PAGE);
    for (const id of ids) assert.equal(api.view.model.lead(id)?.status, 'Contacted');
    assert.equal(first.at(-1)?.kind, 'more');
  });

  it('pages a group to the end with no duplicates or gaps, one request a page', async () => {
    const ids = await loadAll('New');
    const expected = serverLeads('New').map((l) => l.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicates');
    assert.deepEqual([...ids].sort(), [...expected].sort());
    assert.equal(listQueries(sandbox).length, Math.max(1, Math.ceil(expected.length / PAGE)));
  });

  it('renders a lead: name, phone and tags, status icon, escaped tooltip, id, context value and open command', async () => {
    const nodes = await children(api, group('New'));
    const node = nodes.find((n) => n.kind === 'lead') as { kind: 'lead'; id: string };
    const lead = api.view.model.lead(node.id) as Lead;
    const treeItem = item(node);
    assert.equal(treeItem.label, lead.name);
    assert.equal(treeItem.id, `lead:${lead.id}`);
    // The phone as it reads ("+44 20 7946 0958"), not as stored.
    const readable = formatPhoneForReading(lead.phone_number);
    assert.notEqual(readable, lead.phone_number);
    assert.ok(String(treeItem.description).startsWith(readable), `${String(treeItem.description)} starts with ${readable}`);
    assert.ok(treeItem.iconPath instanceof vscode.ThemeIcon);
    assert.match(String(treeItem.contextValue), /^lead\b/);
    assert.deepEqual(treeItem.command?.arguments, [lead.id, 'tree']);
    assert.equal(treeItem.tooltip, undefined, 'built on hover, not for every row');
    const tooltip = api.view.provider.resolveTreeItem(treeItem, node).tooltip as vscode.MarkdownString;
    assert.equal(tooltip.isTrusted, false);
    assert.ok(tooltip.value.includes(markdownText(readable)), tooltip.value);
  });

  it('says how many lists a lead is on in its tooltip, not their ids, and shows dates in one format', async () => {
    const lead = serverLeads()[0] as Lead;
    const lists = ['0b7c9d4e-2f61-4a8b-9c3d-5e6f7a8b9c01', '1c8d0e5f-3a72-4b9c-8d4e-6f7a8b9c0d12'];
    const text = leadTooltip({ ...lead, list_ids: lists, updated_at: '2026-03-05T14:07:00Z' }).value;
    assert.match(text, /\*\*Lists:\*\* 2 lists/);
    assert.ok(!lists.some((id) => text.includes(markdownText(id))), text);
    assert.ok(text.includes(markdownText(formatDateTime('2026-03-05T14:07:00Z', vscode.env.language))), text);
    assert.match(leadTooltip({ ...lead, list_ids: [lists[0]!] }).value, /\*\*Lists:\*\* 1 list\s/);
  });

  it('escapes hostile lead text in the tooltip', async () => {
    const node = (await children(api, group('New'))).find((n) => n.kind === 'lead') as { kind: 'lead'; id: string };
    const lead = api.view.model.lead(node.id) as Lead;
    const hostile = { ...lead, name: '<img src=x onerror=alert(1)> [click](command:topcalls.signOut)', notes: '**bold** <script>x</script>' };
    api.store.put(hostile, 'write');
    const leadNode = api.view.provider.nodes.lead(lead.id);
    const tooltip = api.view.provider.resolveTreeItem(item(leadNode), leadNode).tooltip as vscode.MarkdownString;
    assert.doesNotMatch(tooltip.value, /\[click\]\(command:/);
    assert.doesNotMatch(tooltip.value, /<img|<script/);
    assert.equal(tooltip.supportHtml, false);
  });

  it('drops bidirectional override characters from labels, keeping right-to-left text', async () => {
    const node = (await children(api, group('New'))).find((n) => n.kind === 'lead') as { kind: 'lead'; id: string };
    const lead = api.view.model.lead(node.id) as Lead;
    api.store.put({ ...lead, name: 'invoice\u202Egnp.exe שלום', tags: ['\u2067x\u2069'] }, 'write');
    const treeItem = item(node);
    assert.equal(treeItem.label, 'invoicegnp.exe שלום');
    assert.ok(String(treeItem.description).endsWith('x'));
    assert.doesNotMatch(String(treeItem.description), /[\u202A-\u202E\u2066-\u2069]/);
  });

  it('lists flat when topcalls.groupBy is none', async () => {
    await setSetting('groupBy', 'none');
    try {
      await waitFor(() => api.view.model.groupBy === 'none', 'the flat grouping');
      const ids = await loadAll('all');
      assert.equal(ids.length, 90);
      assert.ok(listQueries(sandbox).every((q) => !q.includes('status=')));
    } finally {
      await setSetting('groupBy', undefined);
      await waitFor(() => api.view.model.groupBy === 'status', 'the status grouping');
    }
  });

  it('filters by tag, list, phone and status, combined, shows the filter and keeps it in workspace state', async () => {
    const lead = serverLeads().find((l) => l.tags.length > 0 && (l.list_ids ?? []).length > 0) as Lead;
    const filter = { tag: lead.tags[0], list_id: lead.list_ids?.[0] };
    await vscode.commands.executeCommand('topcalls.filter', filter);
    assert.match(api.view.treeView.description ?? '', new RegExp(`tag: ${lead.tags[0]}`));
    // Also above the tree: VS Code hides the description while the view is alone in its container.
    await waitFor(() => (api.view.treeView.message ?? '').includes(`tag: ${lead.tags[0]}`), 'the filter in the view message');
    assert.deepEqual(api.context.workspaceState.get('topcalls.filters'), filter);
    const ids = await loadAll(lead.status);
    const expected = serverLeads(lead.status).filter((l) => l.tags.includes(filter.tag!) && l.list_ids?.includes(filter.list_id!));
    assert.deepEqual([...ids].sort(), expected.map((l) => l.id).sort());
    assert.ok(listQueries(sandbox).every((q) => q.includes(`tag=${encodeURIComponent(filter.tag!)}`) && q.includes('list_id=')));

    // The filled filter button's command, shown while a filter is on, filters the same way.
    await vscode.commands.executeCommand('topcalls.filterOn', { status: lead.status, phone: lead.phone_number });
    assert.deepEqual((await children(api)).map((g) => item(g).label), [lead.status]);
    assert.deepEqual(leadIds(await children(api, group(lead.status))), [lead.id]);

    await vscode.commands.executeCommand('topcalls.clearFilter');
    assert.equal(api.view.treeView.description, undefined);
    await waitFor(() => api.view.treeView.message === undefined, 'the filter message to go');
    assert.equal(api.context.workspaceState.get('topcalls.filters'), undefined);
    assert.equal((await children(api)).length, 4);
  });

  it('rejects a malformed filter from automation without changing anything', async () => {
    await vscode.commands.executeCommand('topcalls.filter', { status: 'Lost' });
    assert.equal(api.view.treeView.description, undefined);
  });

  it('updates a lead in place after a write, moving it between groups without a list request', async () => {
    await children(api, group('New'));
    await children(api, group('Converted'));
    const node = (await children(api, group('New'))).find((n) => n.kind === 'lead') as { kind: 'lead'; id: string };
    sandbox.clearRequests();
    const updated = await api.client.updateLead(node.id, { status: 'Converted', name: 'Moved Lead' });
    api.store.put(updated, 'write');
    assert.ok(!leadIds(await children(api, group('New'))).includes(node.id));
    const converted = leadIds(await children(api, group('Converted')));
    assert.equal(converted[0], node.id);
    assert.equal(item(api.view.provider.nodes.lead(node.id)).label, 'Moved Lead');
    assert.deepEqual(listQueries(sandbox), [], 'no list was fetched again');
  });

  it('removes a lead the server answers 404 for', async () => {
    const node = (await children(api, group('Contacted'))).find((n) => n.kind === 'lead') as { kind: 'lead'; id: string };
    sandbox.store.remove(node.id);
    await vscode.commands.executeCommand('topcalls.refreshLead', node);
    assert.ok(!leadIds(await children(api, group('Contacted'))).includes(node.id));
    assert.equal(api.view.model.lead(node.id), undefined);
  });

  it('offers Retry when Refresh Lead meets a server error, and keeps the lead', async () => {
    const node = (await children(api, group('Contacted'))).find((n) => n.kind === 'lead') as { kind: 'lead'; id: string };
    const notes = await captureNotifications();
    try {
      // Every attempt the client makes on its own fails too.
      sandbox.inject({ kind: 'status', status: 503, times: 4, match: { method: 'GET', path: `/v1/leads/${node.id}` } });
      const mark = notes.shown.length;
      await vscode.commands.executeCommand('topcalls.refreshLead', node);
      const errors = notes.since(mark).filter((s) => s.kind === 'error');
      assert.equal(errors.length, 1, JSON.stringify(notes.since(mark)));
      assert.match(errors[0]!.text, /HTTP 503/);
      assert.deepEqual(errors[0]!.actions, ['Retry']);
      assert.ok(api.view.model.lead(node.id), 'the lead stays');
    } finally {
      notes.restore();
    }
  });

  it('reveals and selects a lead found by phone', async () => {
    const target = serverLeads('Unsubscribed').at(-1) as Lead;
    const found = await vscode.commands.executeCommand<Lead>('topcalls.goToPhone', target.phone_number);
    assert.equal(found?.id, target.id);
    assert.ok(listQueries(sandbox).includes(`phone=${encodeURIComponent(target.phone_number)}&limit=1`));
    await waitFor(() => api.view.treeView.selection.some((n) => n.kind === 'lead' && n.id === target.id), 'the lead to be selected');
    assert.equal(api.view.provider.getParent(api.view.provider.nodes.lead(target.id)), group('Unsubscribed'));
  });

  it('Go to Lead by Phone takes a national number in topcalls.defaultCountry, looks up its E.164 form and opens the lead', async () => {
    const target = serverLeads('Contacted').find((l) => l.phone_number.startsWith('+1')) as Lead;
    const national = `(${target.phone_number.slice(2, 5)}) ${target.phone_number.slice(5, 8)}-${target.phone_number.slice(8)}`;
    await setSetting('defaultCountry', 'US');
    try {
      const found = await vscode.commands.executeCommand<Lead>('topcalls.goToPhone', national);
      assert.equal(found?.id, target.id);
      assert.ok(listQueries(sandbox).includes(`phone=${encodeURIComponent(target.phone_number)}&limit=1`));
      await waitFor(() => api.view.treeView.selection.some((n) => n.kind === 'lead' && n.id === target.id), 'the lead to be selected');
      const uri = leadUri(target.id).toString();
      const formTab = (): vscode.Tab | undefined =>
        vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === uri);
      await waitFor(() => formTab() !== undefined, "the lead's form to open");
      await vscode.window.tabGroups.close(formTab()!);
      // Without a country a national number is refused before anything is asked.
      await setSetting('defaultCountry', 'ZZ');
      sandbox.clearRequests();
      assert.equal(await vscode.commands.executeCommand('topcalls.goToPhone', national), undefined);
      assert.deepEqual(listQueries(sandbox), []);
    } finally {
      await setSetting('defaultCountry', undefined);
    }
  });

  it('shows the token welcome (no message hiding it) when the token is rejected, and recovers on retry', async () => {
    sandbox.inject({ kind: 'status', status: 401, body: { title: 'Unauthorized', status: 401, detail: 'Token revoked' }, contentType: 'application/problem+json' });
    assert.deepEqual(await children(api, group('New')), []);
    assert.deepEqual(await children(api), []);
    assert.equal(api.view.provider.errorWelcome, 'unauthorized');
    // VS Code shows the welcome content (with its buttons) only while the view has no message.
    await waitFor(() => api.view.treeView.message === undefined, 'no message over the welcome');
    await vscode.commands.executeCommand('topcalls.refresh');
    assert.equal(api.view.provider.errorWelcome, '');
    assert.equal((await children(api)).length, 4);
    assert.ok((await children(api, group('New'))).length > 0);
  });

  it('shows the unreachable welcome, even with a filter note, when the API stops answering', async () => {
    await vscode.commands.executeCommand('topcalls.filter', { tag: serverLeads().find((l) => l.tags.length > 0)!.tags[0] });
    await waitFor(() => api.view.treeView.message !== undefined, 'the filter note');
    sandbox.inject({ kind: 'drop', when: 'before', times: Infinity });
    await children(api, group('New'));
    assert.deepEqual(await children(api), []);
    assert.equal(api.view.provider.errorWelcome, 'unreachable');
    await waitFor(() => api.view.treeView.message === undefined, 'the filter note to give way to the welcome');
    sandbox.clearFaults();
    await vscode.commands.executeCommand('topcalls.refresh');
    assert.equal(api.view.provider.errorWelcome, '');
    await waitFor(() => api.view.treeView.message !== undefined, 'the filter note back');
  });

  it('keeps the rows when Refresh Leads cannot reach TopCalls, marked as possibly out of date beside the filter note; the next refresh clears the mark', async () => {
    const tag = serverLeads('New').find((l) => l.tags.length > 0)!.tags[0]!;
    await vscode.commands.executeCommand('topcalls.filter', { tag });
    const shown = leadIds(await children(api, group('New')));
    assert.ok(shown.length > 0, 'New has rows to keep');
    sandbox.inject({ kind: 'drop', when: 'before', times: Infinity });
    await vscode.commands.executeCommand('topcalls.refresh');
    assert.ok(listQueries(sandbox).some((q) => q.includes('status=New')), 'the refresh asked for New again');
    assert.equal(api.view.provider.errorWelcome, '', 'no welcome takes their place');
    assert.deepEqual(leadIds(await children(api, group('New'))), shown);
    assert.equal((await children(api)).length, 4);
    const stale = /^Couldn't refresh: Couldn't reach TopCalls\. Showing the leads loaded at .+; they may be out of date\. Filtered: tag: /;
    await waitFor(() => stale.test(api.view.treeView.message ?? ''), `the stale note and the filter note; shown: ${api.view.treeView.message}`);
    assert.match(String(item(group('New')).description), /^\d+\+? \(may be out of date\)$/);

    sandbox.clearFaults();
    await vscode.commands.executeCommand('topcalls.refresh');
    await waitFor(() => /^Filtered: tag: /.test(api.view.treeView.message ?? ''), 'the filter note alone');
    assert.match(String(item(group('New')).description), /^\d+\+?$/);
    assert.deepEqual(leadIds(await children(api, group('New'))), shown);
  });

  it('marks the leads themselves when listed flat and a refresh meets a server error', async () => {
    await setSetting('groupBy', 'none');
    try {
      await waitFor(() => api.view.model.groupBy === 'none', 'the flat grouping');
      const shown = leadIds(await children(api));
      assert.equal(shown.length, PAGE);
      sandbox.inject({ kind: 'status', status: 503, times: Infinity });
      await vscode.commands.executeCommand('topcalls.refresh');
      const rows = await children(api);
      assert.deepEqual(leadIds(rows), shown);
      assert.ok(rows.filter((n) => n.kind === 'lead').every((n) => /\(may be out of date\)$/.test(String(item(n).description))));
      await waitFor(() => /^Couldn't refresh: TopCalls had a problem on its side \(HTTP 503\)\./.test(api.view.treeView.message ?? ''), 'the stale note');
    } finally {
      sandbox.clearFaults();
      await setSetting('groupBy', undefined);
      await waitFor(() => api.view.model.groupBy === 'status', 'the status grouping');
    }
  });

  it('goes to the token welcome when a refresh with rows loaded is refused (401): the rows were that token\'s', async () => {
    assert.ok(leadIds(await children(api, group('New'))).length > 0);
    sandbox.inject({ kind: 'status', status: 401, body: { title: 'Unauthorized', status: 401, detail: 'Token revoked' }, contentType: 'application/problem+json', times: Infinity });
    await vscode.commands.executeCommand('topcalls.refresh');
    assert.equal(api.view.provider.errorWelcome, 'unauthorized');
    assert.deepEqual(await children(api), []);
    await waitFor(() => api.view.treeView.message === undefined, 'no message over the welcome');
    sandbox.clearFaults();
    await vscode.commands.executeCommand('topcalls.refresh');
    assert.equal(api.view.provider.errorWelcome, '');
    assert.equal((await children(api)).length, 4);
  });

  it('shows a server error inside the group with a retry', async () => {
    sandbox.inject({ kind: 'status', status: 500, times: 4 });
    const nodes = await children(api, group('New'));
    assert.equal(nodes.length, 1);
    assert.equal(nodes[0]?.kind, 'message');
    assert.match(labelText(item(nodes[0])), /500|Internal/);
    await vscode.commands.executeCommand('topcalls.retryGroup', 'New');
    assert.ok(leadIds(await children(api, group('New'))).length > 0);
  });
});
