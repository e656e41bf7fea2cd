// Export's paging and writing against the sandbox, through the real client.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { TopCallsClient } from '../../src/api/client';
import { EXPORT_PAGE_SIZE, exportLeads, type ExportRequest } from '../../src/export/exportLeads';
import { STATUSES } from '../../src/shared/contract';
import { startSandbox, type Sandbox } from '../sandbox';

const TOKEN = 'tc_test_export_0123456789';

describe('exportLeads against the sandbox', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let dir: string;
  let client: TopCallsClient;

  before(async () => {
    sandbox = await startSandbox({ token: TOKEN, leads: 900, seed: 3 });
    client = new TopCallsClient({ credentials: async () => ({ baseUrl: sandbox.url, token: TOKEN }), timeoutMs: () => 5_000, sleep: async () => undefined });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'export-test-'));
  });
  after(async () => {
    await sandbox.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    sandbox.clearFaults();
    sandbox.clearRequests();
  });

  function request(overrides: Partial<ExportRequest>): ExportRequest {
    return {
      path: path.join(dir, 'out.csv'),
      format: 'csv',
      filters: {},
      groupBy: 'status',
      listPage: (filters, cursor, signal) => client.listLeads(filters, cursor, EXPORT_PAGE_SIZE, { signal }),
      signal: new AbortController().signal,
      ...overrides,
    };
  }
  const ids = (file: string): string[] => parse<{ id: string }>(fs.readFileSync(file, 'utf8'), { columns: true }).map((r) => r.id);
  const pages = (): URLSearchParams[] => sandbox.requests.filter((r) => r.path === '/v1/leads').map((r) => new URLSearchParams(r.query));

  it('grouped by status: four cursors at once, the file in status-group order, every lead once', async () => {
    // Each answer waits a little, so the sandbox sees the cursors overlap if they run at once.
    sandbox.inject({ kind: 'delay', ms: 20, times: Infinity });
    const result = await exportLeads(request({ filters: { tag: 'vip' } }));
    const expected = STATUSES.flatMap((status) => sandbox.store.all().filter((l) => l.status === status && l.tags.includes('vip')));
    assert.ok(expected.length > 0);
    assert.deepEqual(result, { written: expected.length, cancelled: false });
    assert.deepEqual(ids(path.join(dir, 'out.csv')), expected.map((l) => l.id));
    const sent = pages();
    assert.deepEqual(new Set(sent.map((q) => q.get('status'))), new Set(STATUSES));
    assert.ok(sent.every((q) => q.get('tag') === 'vip' && q.get('limit') === String(EXPORT_PAGE_SIZE)));
    assert.equal(sandbox.peakInFlight, 4, 'the four cursors ran at once');
    assert.equal(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('topcalls-export-')).length, 0, 'temporary parts left behind');
  });

  it('with a status filter or flat grouping: one cursor, with the view filter as it is', async () => {
    for (const [filters, groupBy] of [[{ status: 'New' }, 'status'], [{}, 'none']] as const) {
      sandbox.clearRequests();
      const result = await exportLeads(request({ filters, groupBy, format: 'jsonl', path: path.join(dir, 'out.jsonl') }));
      const expected = sandbox.store.all().filter((l) => filters.status === undefined || l.status === filters.status);
      assert.equal(result.written, expected.length);
      const lines = fs.readFileSync(path.join(dir, 'out.jsonl'), 'utf8').trimEnd().split('\n');
      assert.deepEqual(lines.map((line) => (JSON.parse(line) as { id: string }).id).sort(), expected.map((l) => l.id).sort());
      assert.ok(pages().every((q) => q.get('status') === (filters.status ?? null)));
      assert.equal(sandbox.peakInFlight, 1);
    }
  });

  it('Cancel stops every cursor and leaves the file holding exactly the leads it counted, each whole', async () => {
    const cancel = new AbortController();
    sandbox.inject({ kind: 'delay', ms: 30, times: Infinity });
    const result = await exportLeads(
      request({
        signal: cancel.signal,
        onProgress: (written) => {
          if (written >= 2 * EXPORT_PAGE_SIZE) cancel.abort();
        },
      }),
    );
    assert.equal(result.cancelled, true);
    assert.equal(result.error, undefined);
    assert.ok(result.written >= 2 * EXPORT_PAGE_SIZE && result.written < sandbox.store.all().length, String(result.written));
    const written = ids(path.join(dir, 'out.csv'));
    assert.equal(written.length, result.written);
    assert.equal(new Set(written).size, written.length);
  });

  it('a page that fails stops the export and keeps what was written', async () => {
    let pagesSeen = 0;
    const result = await exportLeads(
      request({
        listPage: async (filters, cursor, signal) => {
          // After the four first pages: some leads are in the file when it fails.
          if (++pagesSeen === 5) throw new Error('the fifth page failed');
          return client.listLeads(filters, cursor, EXPORT_PAGE_SIZE, { signal });
        },
      }),
    );
    assert.equal((result.error as Error).message, 'the fifth page failed');
    assert.equal(result.cancelled, false);
    const written = ids(path.join(dir, 'out.csv'));
    assert.equal(written.length, result.written);
    assert.ok(result.written > 0 && result.written < sandbox.store.all().length);
  });
});
