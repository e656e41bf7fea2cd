// Import CSV's pure parts (reading a file's records, guessing columns, checking rows) and its
// check-then-send against the sandbox, through the real client.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { TopCallsClient } from '../../src/api/client';
import { ApiError } from '../../src/api/errors';
import { guessTargets, readRow, readTags } from '../../src/import/columns';
import { CsvSyntaxError, csvRecords, readCsvShape, type CsvRecord } from '../../src/import/csvRecords';
import { writeFailedRows } from '../../src/import/failedRows';
import { checkRows, sendRows, type CheckedFile, type ImportSource } from '../../src/import/importLeads';
import { SAMPLE_LIST_IDS, startSandbox, type Sandbox } from '../sandbox';

const TOKEN = 'tc_test_import_0123456789';
const LIST = SAMPLE_LIST_IDS[0] as string;

let dir: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-test-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

let files = 0;
function file(text: string): string {
  const target = path.join(dir, `f${++files}.csv`);
  fs.writeFileSync(target, text);
  return target;
}

async function records(target: string): Promise<CsvRecord[]> {
  const shape = await readCsvShape(target);
  const out: CsvRecord[] = [];
  for await (const record of csvRecords(target, shape!.delimiter)) out.push(record);
  return out;
}

/** `count` rows with distinct US numbers from `first`. */
function rows(count: number, first = 0, extra = ''): string {
  return Array.from({ length: count }, (_, i) => `Lead ${first + i},+1415${String(5_000_000 + first + i).padStart(7, '0')}${extra}`).join('\n');
}

describe('csvRecords', () => {
  it('reads a BOM, CRLF, quoted delimiters and line breaks, with the line each record starts on', async () => {
    const target = file('\uFEFFname,phone\r\n"Doe, Jane","+1 415\r\n555 0100"\r\n\r\nAda,+14155550101\r\n"Line\nbreak",+14155550102\r\n,\r\nBo,+14155550103\r\n');
    assert.deepEqual(await readCsvShape(target), { delimiter: ',', header: ['name', 'phone'], notUtf8: false });
    assert.deepEqual(await records(target), [
      { line: 2, fields: ['Doe, Jane', '+1 415\r\n555 0100'] },
      { line: 5, fields: ['Ada', '+14155550101'] },
      { line: 6, fields: ['Line\nbreak', '+14155550102'] },
      // Line 8 (`,`) has only empty cells: skipped like an empty line.
      { line: 9, fields: ['Bo', '+14155550103'] },
    ]);
  });

  it('finds a semicolon or tab delimiter: the one the rows agree with, even when the header holds another', async () => {
    const semicolon = file('name;phone;notes\nJane;+14155550100;"a, b; c"\n');
    assert.equal((await readCsvShape(semicolon))?.delimiter, ';');
    assert.deepEqual((await records(semicolon))[0]?.fields, ['Jane', '+14155550100', 'a, b; c']);
    assert.equal((await readCsvShape(file('name\tphone\nJane\t+14155550100\n')))?.delimiter, '\t');
    assert.equal((await readCsvShape(file('Name;Phone;Notes, internal, extra\nJane;+14155550100;x\nBo;+14155550101;y\n')))?.delimiter, ';');
    assert.equal((await readCsvShape(file('name\tphone, mobile\nJane\t+14155550100\n')))?.delimiter, '\t');
  });

  it('says a file is not UTF-8 (Windows-1252, UTF-16)', async () => {
    const target = path.join(dir, 'latin1.csv');
    fs.writeFileSync(target, Buffer.from('name,phone\nJos\xe9,+14155550100\n', 'latin1'));
    assert.equal((await readCsvShape(target))?.notUtf8, true);
    fs.writeFileSync(target, Buffer.from('\ufeffname,phone\n', 'utf16le'));
    assert.equal((await readCsvShape(target))?.notUtf8, true);
  });

  it('stops at the line where a quote is opened and never closed, not at the end of the file', async () => {
    const rest = Array.from({ length: 1_000 }, (_, i) => `R${i},+1415${String(5_000_000 + i)}`).join('\r\n');
    const target = file(`name,phone\r\n"A\r\nB",+14155550100\r\nCy,+14155550103\r\n"Bo,+14155550102\r\n${rest}\r\n`);
    await assert.rejects(records(target), (error: unknown) => error instanceof CsvSyntaxError && error.line === 5 && error.code === 'CSV_QUOTE_NOT_CLOSED');
  });

  it('skips rows of blank cells, and lets a trailing delimiter pass', async () => {
    const target = file('name,phone\n, ,\nAda,+14155550101,\n');
    const got = await records(target);
    assert.deepEqual(got, [{ line: 3, fields: ['Ada', '+14155550101', ''] }]);
    assert.equal(readRow(got[0]!.fields, guessTargets(['name', 'phone']), undefined).ok, true);
  });

  it('has no shape for an empty file', async () => {
    assert.equal(await readCsvShape(file('')), undefined);
  });
});

describe('import columns', () => {
  it('guesses fields from the header, reads the export columns back, and sends anything else to metadata', () => {
    assert.deepEqual(guessTargets(['Name', 'Phone Number', 'E-mail', 'status', 'Tags', 'notes', 'metadata', 'id', 'list_ids', 'Company', '', 'import_error', 'phone']), [
      { kind: 'field', field: 'name' },
      { kind: 'field', field: 'phone_number' },
      { kind: 'field', field: 'email' },
      { kind: 'field', field: 'status' },
      { kind: 'field', field: 'tags' },
      { kind: 'field', field: 'notes' },
      { kind: 'metadataJson' },
      { kind: 'ignore' },
      { kind: 'ignore' },
      { kind: 'metadataKey', key: 'Company' },
      { kind: 'ignore' },
      { kind: 'ignore' },
      // A second phone column: the first one fills the field.
      { kind: 'metadataKey', key: 'phone' },
    ]);
  });

  it('reads a header named like an Object property as a metadata key, and keeps it as data', () => {
    const targets = guessTargets(['phone', '__proto__', 'constructor']);
    assert.deepEqual(targets.slice(1), [
      { kind: 'metadataKey', key: '__proto__' },
      { kind: 'metadataKey', key: 'constructor' },
    ]);
    const reading = readRow(['+14155550100', 'x', 'y'], targets, undefined);
    assert.ok(reading.ok);
    assert.deepEqual(Object.entries(reading.item.metadata ?? {}), [
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
    assert.equal(Object.getPrototypeOf(reading.item.metadata), Object.prototype);
  });

  const targets = guessTargets(['name', 'phone', 'email', 'status', 'tags', 'notes', 'metadata', 'Company']);

  it('turns a row into a lead: E.164, status in any case, tags typed or as JSON, metadata merged, empty cells left out', () => {
    assert.deepEqual(readRow(['  Jane ', '(415) 555-0100', 'jane@example.com', 'contacted', 'vip, 2024;vip', ' call back ', '{"source":"fair"}', 'Acme'], targets, 'US'), {
      ok: true,
      item: {
        name: 'Jane',
        phone_number: '+14155550100',
        email: 'jane@example.com',
        status: 'Contacted',
        tags: ['vip', '2024'],
        notes: ' call back ',
        metadata: { source: 'fair', Company: 'Acme' },
      },
    });
    assert.deepEqual(readRow(['', '+14155550100', '', '', '', '', '', ''], targets, undefined), { ok: true, item: { phone_number: '+14155550100' } });
    assert.deepEqual(readTags('["a,b","c"]'), ['a,b', 'c']);
  });

  it('names each problem by its column', () => {
    const reading = readRow(['Jane', '555 0100', 'not-an-email', 'Maybe', '[1]', '', '[1,2]', 'x', 'extra'], targets, undefined);
    assert.equal(reading.ok, false);
    if (reading.ok) return;
    assert.deepEqual(
      reading.problems.map((p) => [p.column, p.problem.code]),
      [
        [8, 'extraCells'],
        [1, 'phone'],
        [2, 'email'],
        [3, 'status'],
        [4, 'tags'],
        [6, 'metadata'],
      ],
    );
    // Dialled in Niue, but shorter than the contract's E.164 pattern allows.
    const short = readRow(['Jane', '+6834002'], targets, undefined);
    assert.deepEqual(short.ok ? [] : short.problems, [{ column: 1, problem: { code: 'phoneLength', e164: '+6834002' } }]);
    const missing = readRow(['Jane', ''], targets, undefined);
    assert.deepEqual(missing.ok ? [] : missing.problems, [{ column: 1, problem: { code: 'phoneMissing' } }]);
  });
});

describe('import against the sandbox', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let client: TopCallsClient;
  const checkedFiles: CheckedFile[] = [];

  before(async () => {
    sandbox = await startSandbox({ token: TOKEN, leads: 0, seed: 5 });
    client = new TopCallsClient({ credentials: async () => ({ baseUrl: sandbox.url, token: TOKEN }), timeoutMs: () => 5_000, sleep: async () => undefined });
  });
  after(async () => {
    await Promise.all(checkedFiles.map((c) => c.dispose()));
    await sandbox.close();
  });
  beforeEach(() => {
    sandbox.clearFaults();
    sandbox.clearRequests();
    for (const lead of sandbox.store.all()) sandbox.store.delete(lead.id);
  });

  async function check(text: string): Promise<{ source: ImportSource; checked: CheckedFile }> {
    const target = file(text);
    const shape = (await readCsvShape(target))!;
    const source: ImportSource = { path: target, shape, targets: guessTargets(shape.header), country: 'US' };
    const checked = await checkRows(source);
    checkedFiles.push(checked);
    return { source, checked };
  }
  const sender = (mode: 'merge' | 'skip' = 'merge', cancel = new AbortController()) => ({
    cancel: cancel.signal,
    prepare: (leads: Parameters<TopCallsClient['prepareBulkImport']>[0]['leads']) => client.prepareBulkImport({ list_id: LIST, mode, leads }),
  });
  const bulkBodies = () => sandbox.requests.filter((r) => r.path === '/v1/leads/bulk').map((r) => r.body as { leads: unknown[]; mode: string });

  it('checks every row before sending, then sends the good ones in batches of at most 2,000', async () => {
    const { checked } = await check(`name,phone\n${rows(2_000)}\nBad,12\n${rows(2_499, 2_000)}\nAgain,+14155000007\n`);
    assert.deepEqual([checked.rows, checked.valid, [...checked.invalidLines]], [4_501, 4_499, [2_002, 4_502]]);
    assert.deepEqual(checked.shown[1], { line: 4_502, problems: [{ column: 1, problem: { code: 'duplicatePhone', line: 9 } }] });
    assert.equal(sandbox.requests.length, 0, 'nothing is sent by the check');
    const tally = await sendRows({ checked, ...sender() });
    assert.deepEqual(bulkBodies().map((b) => b.leads.length), [2_000, 2_000, 499]);
    assert.deepEqual([tally.inserted, tally.updated, tally.sent, tally.failed.size, tally.cancelled, tally.error], [4_499, 0, 4_499, 0, false, undefined]);
    assert.equal(sandbox.store.all().length, 4_499);
  });

  it('merge adds tags to a lead already there; skip leaves it', async () => {
    const first = await check('name,phone,tags\nJane,+14155550100,a\n');
    await sendRows({ checked: first.checked, ...sender() });
    const again = await check('name,phone,tags\nJane,+14155550100,b\nNew,+14155550199,\n');
    const skipped = await sendRows({ checked: again.checked, ...sender('skip') });
    assert.deepEqual([skipped.inserted, skipped.duplicates], [1, 1]);
    assert.deepEqual(sandbox.store.findByPhone('+14155550100')?.tags, ['a']);
    const merged = await sendRows({ checked: (await check('name,phone,tags\nJane,+14155550100,b\n')).checked, ...sender('merge') });
    assert.deepEqual([merged.inserted, merged.updated], [0, 1]);
    assert.deepEqual(sandbox.store.findByPhone('+14155550100')?.tags, ['a', 'b']);
  });

  it('sends a batch again without the rows TopCalls refuses, which are reported by line', async () => {
    const { checked } = await check(`name,phone\n${rows(5)}\n`);
    sandbox.inject({
      kind: 'status',
      status: 400,
      match: { path: '/v1/leads/bulk' },
      body: { title: 'Invalid', status: 400, errors: [{ path: 'leads[1].phone_number', message: 'number is blocked' }] },
      contentType: 'application/problem+json',
    });
    const tally = await sendRows({ checked, ...sender() });
    assert.deepEqual(bulkBodies().map((b) => b.leads.length), [5, 4]);
    assert.equal(tally.inserted, 4);
    assert.deepEqual([...tally.failed], [[3, { kind: 'refused', message: 'phone_number: number is blocked' }]]);
  });

  it('after Cancel sends no further batch, and reports the rows not sent', async () => {
    const { checked } = await check(`name,phone\n${rows(5_000)}\n`);
    const cancel = new AbortController();
    const tally = await sendRows({ checked, ...sender('merge', cancel), onBatch: (settled) => settled === 2_000 && cancel.abort() });
    assert.equal(bulkBodies().length, 1);
    assert.deepEqual([tally.inserted, tally.sent, tally.failed.size, tally.cancelled, tally.error], [2_000, 2_000, 3_000, true, undefined]);
    assert.deepEqual(tally.failed.get(2_002), { kind: 'notSent' });
  });

  it('stops at a refused token; a dropped answer to notes in merge mode is not sent again, and may have been imported', async () => {
    const refused = await check(`name,phone\n${rows(3_000)}\n`);
    sandbox.inject({ kind: 'status', status: 401, match: { path: '/v1/leads/bulk' }, times: Infinity });
    const stopped = await sendRows({ checked: refused.checked, ...sender() });
    assert.equal(bulkBodies().length, 1);
    assert.deepEqual([stopped.sent, stopped.failed.size, (stopped.error as { status?: number }).status], [0, 3_000, 401]);

    sandbox.clearFaults();
    sandbox.clearRequests();
    const notes = await check(`name,phone,notes\n${rows(2_001, 0, ',first call')}\n`);
    sandbox.inject({ kind: 'drop', when: 'after', match: { path: '/v1/leads/bulk' } });
    const lost = await sendRows({ checked: notes.checked, ...sender('merge') });
    assert.equal(bulkBodies().length, 1, 'not re-sent');
    assert.equal(lost.failed.get(2)?.kind, 'unknown', 'the batch without an answer may have been imported');
    assert.equal(lost.failed.get(2_002)?.kind, 'notSent', 'the batch after it was not sent');
    assert.equal(sandbox.store.all().length, 2_000, 'the sandbox did apply the first');
  });

  it('drops rows the client refuses before sending, and sends the rest', async () => {
    const { checked } = await check(`name,phone\n${rows(3)}\n`);
    let calls = 0;
    const tally = await sendRows({
      checked,
      cancel: new AbortController().signal,
      prepare: async (leads) => {
        if (calls++ === 0) throw new ApiError({ kind: 'invalid-request', title: 'The change is not valid', fieldErrors: { 'leads[1].phone_number': ['Use E.164 format'] } });
        return async () => ({ inserted: leads.length });
      },
    });
    assert.deepEqual([tally.inserted, [...tally.failed.keys()], tally.error], [2, [3], undefined]);
  });

  it('a failed-rows file that cannot be written rejects', async () => {
    const { source } = await check('name,phone\nBad,12\n');
    await assert.rejects(writeFailedRows(source, () => 'x', path.join(dir, 'no-such-folder', 'failed.csv')), /ENOENT/);
  });

  it('writes the failed rows with why, first, under the file own header', async () => {
    const { source, checked } = await check('name;phone;notes\nJane;+14155550100;ok\nBad;12;"multi\nline"\n');
    const target = path.join(dir, 'failed.csv');
    const written = await writeFailedRows(source, (line) => (checked.invalidLines.has(line) ? `line ${line}` : undefined), target);
    assert.equal(written, 1);
    assert.deepEqual(parse(fs.readFileSync(target, 'utf8'), { delimiter: ';' }), [
      ['import_error', 'name', 'phone', 'notes'],
      ['line 3', 'Bad', '12', 'multi\nline'],
    ]);
  });
});
