// Load: 10,000 leads in the sandbox, paged through flat at 200 a page, then a bulk edit of
// 1,000 of them through a seeded pattern of 429s. Every lead must end as intended, each
// written exactly once, and the tree must agree with the server.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EditSummary } from '../../src/quickEdits/quickEdits';
import type { TestingApi } from '../../src/extension';
import { emit, errorText, seeded, type SoakRecord } from '../reliability/report';
import type { Sandbox } from '../sandbox';
import { children, sandboxed, setSetting, signIn, waitFor } from './support';

const LEADS = 10_000;
const PAGE = 200;
const EDITED = 1_000;
const TAG = 'soak-1000';

describe('[reliability] soak', function () {
  let sandbox: Sandbox;
  let api: TestingApi;

  before(async function () {
    this.timeout(60_000);
    ({ sandbox, api } = await sandboxed({ leads: LEADS, seed: 5 }));
    await setSetting('groupBy', 'none');
    await setSetting('pageSize', PAGE);
    await signIn(sandbox);
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
  });
  after(async () => {
    await setSetting('groupBy', undefined);
    await setSetting('pageSize', undefined);
    await api.tokens.clear();
    await sandbox.close();
  });

  it(`pages through ${LEADS} leads, bulk-edits ${EDITED} through seeded 429s: each lead written once, as intended`, async function () {
    this.timeout(90_000);
    const started = Date.now();
    const record: SoakRecord = { type: 'soak', area: `${LEADS} leads`, leads: LEADS, pages: 0, edited: 0, rateLimited: 0, lost: 0, duplicated: 0, ms: 0, outcome: 'fail' };
    try {
      await waitFor(() => api.view.model.groupBy === 'none', 'flat grouping');
      await new Promise((resolve) => setTimeout(resolve, 100));
      api.view.refresh();
      sandbox.clearRequests();
      let nodes = await children(api);
      while (nodes.at(-1)?.kind === 'more') {
        await vscode.commands.executeCommand('topcalls.loadMore', 'all');
        nodes = await children(api);
        assert.equal(api.view.provider.errorWelcome, '');
      }
      const listed = nodes.flatMap((n) => (n.kind === 'lead' ? [n.id] : []));
      record.pages = sandbox.requests.filter((r) => r.method === 'GET' && r.path === '/v1/leads').length;
      assert.equal(record.pages, LEADS / PAGE, 'one request a page');
      assert.equal(new Set(listed).size, listed.length, 'no lead listed twice');
      assert.deepEqual(listed, sandbox.store.all().map((l) => l.id), 'every lead, in the server order, none skipped');

      // Every 10th lead; 10% of them rate-limited 1-2 times, with Retry-After 0 or none (backoff).
      const targets = sandbox.store.all().filter((_, i) => i % (LEADS / EDITED) === 0);
      const random = seeded(20251126);
      let armed = 0;
      for (const lead of targets) {
        if (random() < 0.1) {
          const times = 1 + Math.floor(random() * 2);
          armed += times;
          sandbox.inject({ kind: 'rateLimit', retryAfter: random() < 0.5 ? 0 : null, times, match: { method: 'PATCH', path: `/v1/leads/${lead.id}` } });
        }
      }
      sandbox.clearRequests();
      const summary = await vscode.commands.executeCommand<EditSummary | undefined>('topcalls.addTags', undefined, targets.map((l) => l.id), [TAG]);
      record.rateLimited = sandbox.requests.filter((r) => r.status === 429).length;
      record.edited = summary?.updated.length ?? 0;
      const targetIds = new Set(targets.map((l) => l.id));
      for (const lead of sandbox.store.all()) {
        const writes = sandbox.store.writeCount(lead.id);
        const tags = lead.tags.filter((t) => t === TAG).length;
        if (targetIds.has(lead.id)) {
          if (tags === 0) record.lost++;
          if (writes > 1 || tags > 1) record.duplicated++;
        } else if (writes > 0 || tags > 0) {
          record.duplicated++;
        }
      }
      assert.equal(record.rateLimited, armed, 'every armed 429 was met');
      assert.equal(summary?.failed.length, 0, 'no lead failed');
      assert.equal(record.edited, EDITED);
      assert.equal(record.lost, 0, 'no write lost');
      assert.equal(record.duplicated, 0, 'no write applied twice or to a lead not asked for');
      assert.equal(sandbox.store.appliedWrites, EDITED);
      for (const lead of targets) assert.ok(api.view.model.lead(lead.id)?.tags.includes(TAG), 'the tree shows the edit');
      assert.ok(sandbox.peakInFlight <= 4, `at most 4 requests at once (saw ${sandbox.peakInFlight})`);
      record.outcome = 'pass';
    } catch (error) {
      record.error = errorText(error);
      throw error;
    } finally {
      record.ms = Date.now() - started;
      emit(record);
    }
  });
});
