// The API token never leaks. A recognisable token (and a wrong one tried first) go through
// every feature, failures included, with a server that echoes the token back in every kind
// of error body; then the log files, settings, workspace and global state, storage, every
// webview page and message, every notification, tree text, opened document and the
// clipboard are scanned for it.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Lead } from '../../src/shared/schemas';
import type { EditSummary } from '../../src/quickEdits/quickEdits';
import type { TestingApi } from '../../src/extension';
import type { LeadsNode } from '../../src/tree/nodes';
import { captureNotifications, extensionLogs, openForm, readTree, sandboxIdle, saveInForm, type Notifications } from '../reliability/inEditor';
import { recorded, type CheckRecord } from '../reliability/report';
import type { Fault, Sandbox } from '../sandbox';
import { children, sandboxed, setSetting, signIn, signOut, waitFor } from './support';

const SECRET = `LEAKCANARY${randomBytes(10).toString('hex')}`;
const TOKEN = `tc_test_${SECRET}`;
const WRONG_SECRET = `WRONGCANARY${randomBytes(10).toString('hex')}`;
const WRONG = `tc_test_${WRONG_SECRET}`;

/** Error bodies that quote a token back, in every shape the client reads. */
function echoes(token: string): Omit<Extract<Fault, { kind: 'status' }>, 'match' | 'times'>[] {
  const problem = 'application/problem+json; charset=utf-8';
  return [
    { kind: 'status', status: 401, contentType: problem, body: { title: `Bad token ${token}`, status: 401, detail: `Authorization: Bearer ${token} was revoked` } },
    { kind: 'status', status: 400, contentType: problem, body: { title: 'Bad Request', status: 400, detail: `echo ${token}`, type: `https://x/${token}`, errors: [{ path: `body.${token}`, message: `value ${token}` }] } },
    { kind: 'status', status: 500, contentType: 'text/plain', body: `upstream said: Bearer ${token}` },
    { kind: 'status', status: 502, contentType: 'text/html', body: `<html><body>Bearer ${token}</body></html>` },
    { kind: 'status', status: 200, contentType: 'application/json', body: `{"broken": "${token}` },
    { kind: 'status', status: 200, contentType: 'application/json', body: JSON.stringify({ id: token, note: `Bearer ${token}` }) },
    { kind: 'status', status: 429, contentType: problem, body: { title: `slow down ${token}`, status: 429, detail: token }, headers: { 'Retry-After': '600' } },
  ];
}

describe('[reliability] the API token never leaks', function () {
  let sandbox: Sandbox;
  let api: TestingApi;
  let notes: Notifications;
  const seen: { where: string; text: string }[] = [];
  const collect = (where: string, value: unknown): void => {
    if (value === undefined || value === null) return;
    seen.push({ where, text: typeof value === 'string' ? value : safeJson(value) });
  };

  /** The client's wait between retries, put back after the test. */
  let restoreSleep = (): void => undefined;

  before(async function () {
    this.timeout(60_000);
    ({ sandbox, api } = await sandboxed({ leads: 60, token: TOKEN }));
    notes = await captureNotifications();
    // This test is about what is shown and kept, not about when a retry goes out (the unit tests
    // and the fault matrix time those): the retries still happen, each echoing the token, without
    // their backoff, which was most of this test's half minute.
    const client = api.client as unknown as { sleep: (ms: number, signal?: AbortSignal) => Promise<void> };
    const sleep = client.sleep;
    client.sleep = (_ms, signal) => (signal?.aborted ? Promise.reject(new Error('aborted')) : Promise.resolve());
    restoreSleep = () => {
      client.sleep = sleep;
    };
  });
  after(async () => {
    restoreSleep();
    notes?.restore();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('groupBy', undefined);
    await setSetting('pageSize', undefined);
    await setSetting('requestTimeoutMs', undefined);
    await api.tokens.clear();
    await sandbox.close();
  });

  it('exercises every feature, failures included, and finds the token nowhere', async function () {
    this.timeout(120_000);
    await recorded<CheckRecord>({ type: 'check', area: 'token leak', name: 'token found nowhere', outcome: 'fail' }, async (record) => {
      await exercise();
      const places = await scan();
      record.checked = places.length;
      const leaks = places.filter((p) => p.text.includes(SECRET) || p.text.includes(WRONG_SECRET));
      assert.deepEqual(
        leaks.map((l) => `${l.where}: …${l.text.slice(Math.max(0, l.text.indexOf('CANARY') - 80), l.text.indexOf('CANARY') + 40)}…`),
        [],
        'the token appears in these places',
      );
      // The scan was real: the token was used, and echoed back by the server.
      assert.ok(sandbox.requests.filter((r) => r.authorized).length > 20, 'the token was used');
      assert.ok(places.some((p) => p.where.startsWith('log file') && /GET \/v1\/leads/.test(p.text)), 'the log was read');
    });
  });

  async function exercise(): Promise<void> {
    // A wrong token first, with the server quoting it back.
    sandbox.inject({ ...echoes(WRONG)[0]!, times: 1 });
    collect('setToken(wrong) result', await vscode.commands.executeCommand('topcalls.setToken', WRONG));
    await signIn(sandbox);
    await setSetting('requestTimeoutMs', 1000);
    await setSetting('pageSize', 10);

    // Tree: groups, pages, filter, grouping, go to phone, refresh, copy.
    const item = (node: LeadsNode): void => {
      const provider = api.view.provider as typeof api.view.provider & { resolveTreeItem?: (item: vscode.TreeItem, node: LeadsNode) => vscode.TreeItem | undefined };
      const plain = provider.getTreeItem(node);
      const treeItem = provider.resolveTreeItem?.(plain, node) ?? plain;
      collect('tree item', { label: treeItem.label, description: treeItem.description, tooltip: (treeItem.tooltip as vscode.MarkdownString | undefined)?.value ?? treeItem.tooltip });
    };
    const allNodes = async (): Promise<LeadsNode[]> => {
      const out: LeadsNode[] = [];
      for (const top of await children(api)) {
        out.push(top);
        if (top.kind === 'group') out.push(...(await children(api, top)));
      }
      return out;
    };
    for (const node of await allNodes()) item(node);
    await vscode.commands.executeCommand('topcalls.loadMore', 'New');
    const lead = sandbox.store.all().find((l) => l.tags.length > 0) as Lead;
    await vscode.commands.executeCommand('topcalls.filter', { tag: lead.tags[0] });
    await allNodes();
    await vscode.commands.executeCommand('topcalls.clearFilter');
    collect('goToPhone', await vscode.commands.executeCommand('topcalls.goToPhone', lead.phone_number));
    await vscode.commands.executeCommand('topcalls.refreshLead', lead.id);
    for (const copy of ['topcalls.copyPhone', 'topcalls.copyEmail', 'topcalls.copyId']) {
      await vscode.commands.executeCommand(copy, lead.id);
      collect(`clipboard after ${copy}`, await vscode.env.clipboard.readText());
    }
    await setSetting('groupBy', 'none');
    await waitFor(() => api.view.model.groupBy === 'none', 'flat grouping');
    api.view.refresh();
    for (const node of await allNodes()) item(node);

    // Quick and bulk edits, and the lead form.
    const leads = api.view.model.allLoaded();
    const run = async (command: string, ids: string[], value: unknown): Promise<void> => {
      const summary = await vscode.commands.executeCommand<EditSummary | undefined>(command, undefined, ids, value);
      for (const f of summary?.failed ?? []) collect(`${command} error`, errorFields(f.error));
    };
    await run('topcalls.setStatus', [leads[0]!.id], 'Contacted');
    await run('topcalls.addTags', leads.slice(0, 5).map((l) => l.id), ['leak-check']);
    await run('topcalls.removeTags', [leads[0]!.id], ['leak-check']);
    await run('topcalls.appendNote', [leads[1]!.id], 'a note');
    const form = await openForm(api, leads[2]!);
    await saveInForm(form, { name: 'Leak Check' });

    // Every echo on every surface: tree load, load more, lookup, refresh, quick/bulk edit, form save.
    const failures: { name: string; run: () => PromiseLike<unknown> }[] = [
      { name: 'tree load', run: async () => { api.view.refresh(); return children(api); } },
      { name: 'load more', run: () => vscode.commands.executeCommand('topcalls.loadMore', 'all') },
      { name: 'go to phone', run: () => vscode.commands.executeCommand('topcalls.goToPhone', leads[3]!.phone_number) },
      { name: 'refresh lead', run: () => vscode.commands.executeCommand('topcalls.refreshLead', leads[3]!.id) },
      { name: 'quick edit', run: () => run('topcalls.appendNote', [leads[4]!.id], 'echo note') },
      { name: 'bulk edit', run: () => run('topcalls.addTags', leads.slice(5, 8).map((l) => l.id), ['echo']) },
      { name: 'form save', run: () => saveInForm(form, { name: `Leak ${Math.random()}` }) },
    ];
    for (const failure of failures) {
      // Network failures carry no server text: once, where nothing is retried, is enough.
      const network = failure.name === 'quick edit' ? [{ kind: 'drop', when: 'before' } as const, { kind: 'delay', ms: 1500 } as const] : [];
      for (const fault of [...echoes(TOKEN), ...network]) {
        sandbox.clearFaults();
        sandbox.inject({ ...fault, times: Infinity });
        try {
          collect(`${failure.name} result`, await failure.run());
        } catch (error) {
          collect(`${failure.name} thrown`, errorFields(error));
        }
        sandbox.clearFaults();
        collect(`${failure.name}: treeView.message`, api.view.treeView.message);
        for (const node of await children(api).catch(() => [])) if (node.kind === 'message') item(node);
        await sandboxIdle(sandbox);
        if (api.view.provider.accountError !== undefined) await vscode.commands.executeCommand('topcalls.refresh');
        if (api.view.model.allLoaded().length === 0) await children(api);
      }
    }
    await vscode.commands.executeCommand('topcalls.retryFailedEdits');
    collect('webview html', form.form.panel.webview.html);
    collect('webview messages', form.posted);
    await form.dispose();
    // Sign out and back in (the token passes through the command once more).
    await signOut();
    await signIn(sandbox);
    await children(api);
  }

  async function scan(): Promise<{ where: string; text: string }[]> {
    const places = [...seen];
    for (const file of await extensionLogs(api, `leak-scan-${Date.now()}`)) places.push({ where: `log file ${file.path}`, text: file.text });
    // The rest of this window's extension-host logs (exthost.log and the other channels).
    const exthost = vscode.Uri.joinPath(api.context.logUri, '..');
    const exthostLogs = await readTree(exthost);
    assert.ok(exthostLogs.length > 0, `no log files under ${exthost.fsPath}: the scan would look at none`);
    for (const file of exthostLogs) places.push({ where: `exthost log ${file.path}`, text: file.text });
    for (const s of notes.shown) places.push({ where: `notification (${s.kind})`, text: `${s.text} ${s.actions.join(' ')}` });
    const config = vscode.workspace.getConfiguration('topcalls');
    for (const key of ['apiBaseUrl', 'pageSize', 'requestTimeoutMs', 'groupBy']) places.push({ where: `setting topcalls.${key}`, text: safeJson(config.inspect(key)) });
    places.push({ where: 'settings (all of topcalls)', text: safeJson(config) });
    for (const [name, memento] of [['workspaceState', api.context.workspaceState], ['globalState', api.context.globalState]] as const) {
      for (const key of memento.keys()) places.push({ where: `${name} ${key}`, text: `${key} ${safeJson(memento.get(key))}` });
    }
    for (const uri of [api.context.globalStorageUri, api.context.storageUri].filter((u): u is vscode.Uri => u !== undefined)) {
      for (const file of await readTree(uri)) places.push({ where: `storage ${file.path}`, text: file.text });
    }
    for (const doc of vscode.workspace.textDocuments) places.push({ where: `document ${doc.uri.toString()}`, text: `${doc.uri.toString()} ${doc.getText()}` });
    places.push({ where: 'treeView', text: safeJson({ message: api.view.treeView.message, description: api.view.treeView.description, title: api.view.treeView.title }) });
    places.push({ where: 'clipboard', text: await vscode.env.clipboard.readText() });
    return places;
  }
});

function errorFields(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return String(error);
  const e = error as Record<string, unknown>;
  return { message: e.message, title: e.title, detail: e.detail, fieldErrors: e.fieldErrors, type: e.type, stack: e.stack };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
