// Import CSV… in a real editor, against the sandbox: rows with problems in the Problems view,
// quoted fields, a BOM, CRLF and `;`, Cancel half way, a file csv-parse cannot read, and an
// export read back by an import changing nothing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import * as vscode from 'vscode';
import { writableFields } from '../../src/document/leadText';
import type { ExportResult } from '../../src/export/exportLeads';
import type { TestingApi } from '../../src/extension';
import type { ImportOutcome } from '../../src/import/importCommand';
import { captureNotifications, type Notifications } from '../reliability/inEditor';
import { SAMPLE_LIST_IDS, type Sandbox } from '../sandbox';
import { cancellingProgress, children, sandboxed, setSetting, signIn, waitFor } from './support';

const LIST = SAMPLE_LIST_IDS[2] as string;

describe('Import CSV', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let api: TestingApi;
  let dir: string;
  let notifications: Notifications;

  before(async () => {
    ({ sandbox, api } = await sandboxed({ leads: 300 }));
    await signIn(sandbox);
    await setSetting('groupBy', 'none');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leads-import-test-'));
    notifications = await captureNotifications();
  });
  after(async () => {
    notifications.restore();
    await setSetting('groupBy', undefined);
    await api.tokens.clear();
    await sandbox.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    sandbox.clearFaults();
    sandbox.clearRequests();
  });

  function csv(name: string, text: string): vscode.Uri {
    const target = path.join(dir, name);
    fs.writeFileSync(target, text);
    return vscode.Uri.file(target);
  }
  const importFile = async (uri: vscode.Uri, mode: 'merge' | 'skip' = 'merge'): Promise<ImportOutcome & { kind: 'done' }> => {
    const outcome = await vscode.commands.executeCommand<ImportOutcome | undefined>('topcalls.importCsv', uri, { listId: LIST, mode });
    assert.equal(outcome?.kind, 'done', JSON.stringify(outcome));
    return outcome;
  };
  const bulkRequests = (): Sandbox['requests'] => sandbox.requests.filter((r) => r.path === '/v1/leads/bulk');
  const lastShown = (): string | undefined => notifications.shown.filter((s) => s.kind !== 'status').at(-1)?.text;

  it('imports a `;` file with a BOM, CRLF and quoted fields; rows with problems go to Problems by line, and to the failed rows', async () => {
    const uri = csv(
      'people.csv',
      '\uFEFFName;Phone;Email;Status;Tags;Notes;Company\r\n' +
        '"Doe; Jane";+1 415 555 0170;jane@example.com;contacted;"vip, fair";"Met at the fair;\r\nwants a demo";Acme\r\n' +
        'No Phone;;;;;;\r\n' +
        'Bad Status;+14155550171;;Maybe;;;\r\n' +
        'Bo;(415) 555-0172;not-an-email;;;;\r\n' +
        'Cy;+14155550173;;;;;Globex\r\n',
    );
    const outcome = await importFile(uri);
    assert.deepEqual([outcome.rows, outcome.invalid, outcome.inserted, outcome.updated, outcome.sent], [5, 3, 2, 0, 2]);
    assert.equal(bulkRequests().length, 1);
    const jane = sandbox.store.findByPhone('+14155550170');
    assert.deepEqual(
      jane && [jane.name, jane.email, jane.status, jane.tags, jane.notes, jane.metadata, jane.list_ids],
      ['Doe; Jane', 'jane@example.com', 'Contacted', ['vip', 'fair'], 'Met at the fair;\r\nwants a demo', { Company: 'Acme' }, [LIST]],
    );
    assert.equal(sandbox.store.findByPhone('+14155550173')?.name, 'Cy');

    // Problems, by line (the quoted note spans lines 2 and 3) and column, as the user reads them.
    const problems = vscode.languages.getDiagnostics(uri).map((d) => [d.range.start.line + 1, d.message]);
    assert.deepEqual(problems, [
      [4, 'Phone: No phone number: a lead needs one.'],
      [5, 'Status: "Maybe" is not a status: use New, Contacted, Converted or Unsubscribed.'],
      [6, 'Email: Not a valid email address.'],
    ]);
    assert.equal(lastShown(), 'Imported people.csv: 2 added, 0 already on TopCalls and merged. 3 rows not imported.');

    const failed = path.join(dir, 'people-failed.csv');
    assert.equal(await outcome.writeFailedRows(failed), 3);
    const rows: string[][] = parse(fs.readFileSync(failed, 'utf8'), { delimiter: ';' });
    assert.deepEqual(rows.map((row) => [row[0], row[1]]), [
      ['import_error', 'Name'],
      ['Phone: No phone number: a lead needs one.', 'No Phone'],
      ['Status: "Maybe" is not a status: use New, Contacted, Converted or Unsubscribed.', 'Bad Status'],
      ['Email: Not a valid email address.', 'Bo'],
    ]);
    // Fixed and imported again, the failed file's own column is left out.
    const fixed = rows.filter((row) => row[1] !== 'No Phone').map((row) => row.map((cell) => ({ Maybe: 'New', 'not-an-email': 'bo@example.com' })[cell] ?? cell));
    fs.writeFileSync(failed, stringify(fixed, { delimiter: ';' }));
    const again = await importFile(vscode.Uri.file(failed));
    assert.deepEqual([again.invalid, again.inserted], [0, 2]);
    assert.equal(sandbox.store.findByPhone('+14155550172')?.email, 'bo@example.com');
    assert.deepEqual(sandbox.store.findByPhone('+14155550171')?.metadata, {});
  });

  it('refreshes the tree, which shows the new leads', async () => {
    await vscode.commands.executeCommand('topcalls.filter', { phone: '+14155550180' });
    try {
      assert.deepEqual(await children(api), [{ kind: 'message', group: 'all', tone: 'empty' }], 'the filtered view, loaded before the import, is empty');
      await importFile(csv('tree.csv', 'name,phone\nTree Person,+14155550180\n'));
      const shown = async (): Promise<boolean> => (await children(api)).some((node) => node.kind === 'lead' && api.store.get(node.id)?.name === 'Tree Person');
      await waitFor(shown, 'the imported lead in the tree');
    } finally {
      await vscode.commands.executeCommand('topcalls.clearFilter');
    }
  });

  it('after Cancel half way sends nothing more, and says what was imported', async () => {
    const lines = Array.from({ length: 6_000 }, (_, i) => `Bulk ${i},+1212${String(5_550_000 + i).padStart(7, '0')}`);
    const uri = csv('big.csv', `name,phone\n${lines.join('\n')}\n`);
    const progress = cancellingProgress(2_000);
    let outcome: ImportOutcome & { kind: 'done' };
    try {
      outcome = await importFile(uri);
    } finally {
      progress.restore();
    }
    assert.deepEqual([outcome.cancelled, outcome.inserted, outcome.sent, outcome.failed.size], [true, 2_000, 2_000, 4_000]);
    assert.equal(bulkRequests().length, 1);
    assert.equal(sandbox.store.all().filter((lead) => lead.name.startsWith('Bulk ')).length, 2_000);
    assert.equal(lastShown(), 'Import of big.csv cancelled. Before Cancel: 2000 added, 0 already on TopCalls and merged. 4000 rows not imported.');
    const failed = path.join(dir, 'big-failed.csv');
    assert.equal(await outcome.writeFailedRows(failed), 4_000);
    assert.match(fs.readFileSync(failed, 'utf8').split('\n')[1] ?? '', /^Not sent: the import was cancelled\.,Bulk 2000,/);
  });

  it('a file that cannot be read says where, in Problems too, and sends nothing', async () => {
    const uri = csv('broken.csv', 'name,phone\nAda,+14155550190\n"Bo,+14155550191\nCy,+14155550192\n');
    const outcome = await vscode.commands.executeCommand<ImportOutcome | undefined>('topcalls.importCsv', uri, { listId: LIST, mode: 'merge' });
    assert.equal(outcome?.kind, 'unreadable');
    assert.equal(bulkRequests().length, 0);
    assert.equal(sandbox.store.findByPhone('+14155550190'), undefined);
    const [diagnostic] = vscode.languages.getDiagnostics(uri);
    assert.deepEqual([diagnostic?.range.start.line, diagnostic?.message], [2, 'A quote opened on this line is never closed.']);
    assert.equal(lastShown(), 'broken.csv cannot be read past line 3: A quote opened on this line is never closed. Nothing was imported.');
  });

  it('closes the list question as soon as the check finds the file unreadable, and says where', async () => {
    const uri = csv('broken-asked.csv', 'name,phone\nAda,+14155550196\nBo,"+1415"x\n');
    let settled = false;
    const running = Promise.resolve(vscode.commands.executeCommand<ImportOutcome | undefined>('topcalls.importCsv', uri)).finally(() => (settled = true));
    // The columns step (the real quick pick): Continue is its first item. Then the list question,
    // left open: the check closes it.
    for (let tries = 0; !settled && tries < 20; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      if (tries === 0) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    const outcome = await running;
    assert.deepEqual(outcome && outcome.kind === 'unreadable' && [outcome.line], [3]);
    assert.equal(bulkRequests().length, 0);
    assert.equal(lastShown(), 'broken-asked.csv cannot be read past line 3: A closing quote is followed by other characters: put the whole cell in quotes, with each quote inside it doubled (""). Nothing was imported.');
  });

  it('reads an export back: imported into an empty account the leads are as they were; imported again with Skip nothing changes', async () => {
    const exported = path.join(dir, 'export.csv');
    assert.equal((await vscode.commands.executeCommand<ExportResult>('topcalls.exportLeads', 'csv', vscode.Uri.file(exported))).cancelled, false);
    const before = new Map(sandbox.store.all().map((lead) => [lead.phone_number, writableFields(lead)]));
    for (const lead of sandbox.store.all()) sandbox.store.delete(lead.id);

    const outcome = await importFile(vscode.Uri.file(exported));
    assert.deepEqual([outcome.invalid, outcome.inserted, outcome.failed.size], [0, before.size, 0]);
    const after = new Map(sandbox.store.all().map((lead) => [lead.phone_number, writableFields(lead)]));
    assert.deepEqual(after, before);

    const writes = sandbox.store.appliedWrites;
    const skipped = await importFile(vscode.Uri.file(exported), 'skip');
    assert.deepEqual([skipped.inserted, skipped.duplicates], [0, before.size]);
    assert.equal(sandbox.store.appliedWrites, writes, 'Skip changes nothing');
  });

  it('a stop (401) says how far it got and offers the token and the rows not sent', async () => {
    const uri = csv('refused.csv', 'name,phone\nRe Fused,+14155550195\n');
    sandbox.inject({ kind: 'status', status: 401, match: { path: '/v1/leads/bulk' } });
    const mark = notifications.shown.length;
    const outcome = await importFile(uri);
    assert.deepEqual([outcome.sent, outcome.failed.get(2)?.kind], [0, 'notSent']);
    const error = notifications.since(mark).find((s) => s.kind === 'error');
    assert.match(error?.text ?? '', /^Import of refused\.csv stopped: TopCalls didn't accept the API token \(401\)/);
    assert.deepEqual(error?.actions, ['Set API Token', 'Save Failed Rows…']);
  });
});
