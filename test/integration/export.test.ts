// Export Leads… in a real editor, against the sandbox: the file read back (csv-parse, the
// parser an import uses) against the sandbox's leads, the four status cursors of a grouped
// view, Cancel and a failed page.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import * as vscode from 'vscode';
import type { ExportResult } from '../../src/export/exportLeads';
import type { TestingApi } from '../../src/extension';
import { STATUSES } from '../../src/shared/contract';
import type { Lead } from '../../src/shared/schemas';
import { captureNotifications, type Notifications } from '../reliability/inEditor';
import type { Sandbox } from '../sandbox';
import { cancellingProgress, sandboxed, setSetting, signIn, waitFor } from './support';

const LEADS = 700;
/** How long the sandbox holds each answer where the test needs cursors to overlap. */
const DELAY = 150;

describe('Export', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let api: TestingApi;
  let dir: string;
  let notifications: Notifications;

  before(async () => {
    ({ sandbox, api } = await sandboxed({ leads: LEADS }));
    await signIn(sandbox);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leads-export-test-'));
    notifications = await captureNotifications();
  });
  after(async () => {
    notifications.restore();
    await setSetting('groupBy', undefined);
    await vscode.commands.executeCommand('topcalls.clearFilter');
    await api.tokens.clear();
    await sandbox.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    sandbox.clearFaults();
    await vscode.commands.executeCommand('topcalls.clearFilter');
    sandbox.clearRequests();
  });

  const exportTo = (format: 'csv' | 'jsonl', name: string): Thenable<ExportResult | undefined> =>
    vscode.commands.executeCommand<ExportResult | undefined>('topcalls.exportLeads', format, vscode.Uri.file(path.join(dir, name)));
  const csvRows = (name: string): Record<string, string>[] => parse<Record<string, string>>(fs.readFileSync(path.join(dir, name), 'utf8'), { columns: true, bom: true });
  const listRequests = (): Sandbox['requests'] => sandbox.requests.filter((r) => r.method === 'GET' && r.path === '/v1/leads');
  const lastInfo = (): string | undefined => notifications.shown.filter((s) => s.kind === 'info').at(-1)?.text;

  it('exports a filtered view to CSV: the columns an import reads, every matching lead and no other', async () => {
    await setSetting('groupBy', 'none');
    const tag = sandbox.store.all().find((l) => l.tags.length > 0)?.tags[0] as string;
    await vscode.commands.executeCommand('topcalls.filter', { tag });
    sandbox.clearRequests();
    const result = await exportTo('csv', 'filtered.csv');
    const expected = sandbox.store.all().filter((l) => l.tags.includes(tag));
    assert.deepEqual(result, { written: expected.length, cancelled: false });
    const rows = csvRows('filtered.csv');
    const byId = new Map(rows.map((row) => [row.id, row]));
    assert.equal(byId.size, expected.length);
    for (const lead of expected) {
      const row = byId.get(lead.id);
      assert.ok(row, `${lead.id} missing`);
      assert.deepEqual(
        { ...row, tags: JSON.parse(row.tags ?? '') as unknown, list_ids: JSON.parse(row.list_ids ?? '') as unknown, metadata: row.metadata ? (JSON.parse(row.metadata) as unknown) : undefined },
        {
          name: lead.name,
          phone_number: lead.phone_number,
          email: lead.email ?? '',
          status: lead.status,
          tags: lead.tags,
          notes: lead.notes ?? '',
          metadata: lead.metadata,
          id: lead.id,
          list_ids: lead.list_ids ?? [],
        },
      );
    }
    assert.ok(listRequests().every((r) => r.query.tag === tag && r.query.status === undefined && r.query.limit === '200'));
    assert.equal(lastInfo(), `Exported ${expected.length} leads to filtered.csv.`);
  });

  it('exports a view grouped by status with four status cursors at once, the file in group order', async () => {
    await setSetting('groupBy', 'status');
    // Each answer waits a little, so the cursors overlap at the sandbox when they run at once.
    sandbox.inject({ kind: 'delay', ms: DELAY, times: Infinity });
    const result = await exportTo('jsonl', 'grouped.jsonl');
    const expected = STATUSES.flatMap((status) => sandbox.store.all().filter((l) => l.status === status));
    assert.deepEqual(result, { written: LEADS, cancelled: false });
    const lines = fs.readFileSync(path.join(dir, 'grouped.jsonl'), 'utf8').split('\n');
    assert.equal(lines.pop(), '');
    const leads = lines.map((line) => JSON.parse(line) as Lead);
    assert.deepEqual(leads.map((l) => l.status), expected.map((l) => l.status), 'in status-group order');
    assert.deepEqual(new Set(leads.map((l) => l.id)), new Set(expected.map((l) => l.id)));
    assert.deepEqual(leads.find((l) => l.id === expected[0]?.id), expected[0], 'each line the lead as the API returned it');
    const requests = listRequests();
    assert.deepEqual(new Set(requests.map((r) => r.query.status)), new Set(STATUSES));
    // The first page of every status was asked for before the first answer came back.
    const firstAnswered = Math.min(...requests.map((r) => r.at)) + DELAY;
    const firstPages = requests.filter((r) => r.query.cursor === undefined);
    assert.equal(firstPages.length, 4);
    assert.ok(firstPages.every((r) => r.at < firstAnswered), firstPages.map((r) => r.at).join(', '));
    assert.equal(sandbox.peakInFlight, 4);
  });

  it('Cancel stops the paging and keeps the file with exactly the leads the message counts', async () => {
    await setSetting('groupBy', 'status');
    sandbox.inject({ kind: 'delay', ms: DELAY, times: Infinity });
    const progress = cancellingProgress(200);
    let result: ExportResult | undefined;
    try {
      result = await exportTo('csv', 'cancelled.csv');
    } finally {
      progress.restore();
    }
    assert.ok(result?.cancelled, JSON.stringify(result));
    assert.ok(result.written >= 200 && result.written < LEADS, String(result.written));
    const ids = csvRows('cancelled.csv').map((r) => r.id);
    assert.equal(ids.length, result.written);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(lastInfo(), `Export cancelled: ${result.written} leads were written to cancelled.csv. The file is kept, since every lead in it is complete; the leads not fetched yet are missing.`);
    // Nothing is asked after Cancel: the pages in flight then are the last.
    const asked = listRequests().length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(listRequests().length, asked);
  });

  it('asks the format, then the file in a save dialog named topcalls-leads-<date>, in the workspace folder', async () => {
    await setSetting('groupBy', 'none');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder, 'the test window has a workspace folder');
    const now = new Date();
    const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
    const expectedFile = path.join(folder.fsPath, `topcalls-leads-${day}.jsonl`);
    fs.rmSync(expectedFile, { force: true });
    const win = vscode.window as unknown as Record<string, unknown>;
    const showQuickPick = win.showQuickPick as typeof vscode.window.showQuickPick;
    let picking = false;
    Object.defineProperty(win, 'showQuickPick', { value: (...args: unknown[]) => ((picking = true), (showQuickPick as (...a: unknown[]) => unknown).apply(vscode.window, args)), configurable: true, writable: true });
    let settled = false;
    const running = Promise.resolve(vscode.commands.executeCommand<ExportResult | undefined>('topcalls.exportLeads')).finally(() => (settled = true));
    try {
      // The format picker (the real one, only watched for): JSON Lines is the second item.
      await waitFor(() => picking, 'the format picker');
      await new Promise((resolve) => setTimeout(resolve, 300));
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      // code-server's save dialog is VS Code's own, in the quick input: Enter takes the name it
      // offers. Pressed until the export starts, as the dialog takes a moment to list the folder.
      for (let tries = 0; !settled && tries < 40; tries++) {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        await Promise.race([running, new Promise((resolve) => setTimeout(resolve, 500))]);
      }
      const result = await running;
      assert.deepEqual(result, { written: LEADS, cancelled: false });
      assert.equal(fs.readFileSync(expectedFile, 'utf8').split('\n').length, LEADS + 1);
    } finally {
      Object.defineProperty(win, 'showQuickPick', { value: showQuickPick, configurable: true, writable: true });
      fs.rmSync(expectedFile, { force: true });
    }
  });

  it('says so when the file cannot be written, and asks TopCalls nothing', async () => {
    const mark = notifications.shown.length;
    const result = await vscode.commands.executeCommand<ExportResult | undefined>('topcalls.exportLeads', 'csv', vscode.Uri.file(path.join(dir, 'no-such-folder', 'leads.csv')));
    assert.equal(result?.written, 0);
    assert.ok(result.error);
    assert.equal(listRequests().length, 0);
    const error = notifications.since(mark).find((s) => s.kind === 'error');
    assert.match(error?.text ?? '', /^Couldn't write leads\.csv: ENOENT/);
  });

  it('a page that fails stops the export with the error, and keeps what was written', async () => {
    await setSetting('groupBy', 'none');
    // The first page comes; every later one is refused (403 is not retried).
    sandbox.inject({ kind: 'delay', ms: 0, times: 1 });
    sandbox.inject({ kind: 'status', status: 403, times: Infinity, match: { path: '/v1/leads' } });
    const mark = notifications.shown.length;
    const result = await exportTo('csv', 'failed.csv');
    assert.equal(result?.written, 200);
    assert.ok(result.error);
    assert.equal(csvRows('failed.csv').length, 200);
    const error = notifications.since(mark).find((s) => s.kind === 'error');
    assert.match(error?.text ?? '', /^Export stopped after 200 leads: The API token isn't allowed to do this \(403\)\..* failed\.csv keeps the leads written so far/);
  });
});
