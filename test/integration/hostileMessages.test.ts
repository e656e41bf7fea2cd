// Thousands of random and malformed messages posted to the lead form's host-side handler
// (LeadPanel.handleMessage, the function every webview message goes through): none throws,
// none reaches the API, and the panel still works afterwards.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import * as vscode from 'vscode';
import type { Lead } from '../../src/api/schemas';
import type { TestingApi } from '../../src/extension';
import { openForm, sandboxIdle, type FormHandle } from '../reliability/inEditor';
import { hostileMessage, legitimateAction, prototypeIntact } from '../reliability/messages';
import { recorded, type InputsRecord } from '../reliability/report';
import type { Sandbox } from '../sandbox';
import { children, sandboxed, setSetting, signIn, waitFor } from './support';

const RUNS = Number(process.env.TOPCALLS_RELIABILITY_MESSAGE_RUNS ?? 3000);

describe('[reliability] hostile webview messages', function () {
  let sandbox: Sandbox;
  let api: TestingApi;
  let form: FormHandle | undefined;
  let lead: Lead;

  before(async function () {
    this.timeout(60_000);
    ({ sandbox, api } = await sandboxed({ leads: 10 }));
    await setSetting('groupBy', 'none');
    await signIn(sandbox);
    await waitFor(() => api.view.model.groupBy === 'none', 'flat grouping');
    api.view.refresh();
    await children(api);
    lead = api.view.model.leadsOf('all')[0] as Lead;
    const opened = await openForm(api, lead);
    form = opened;
    await waitFor(() => opened.posted.some((m) => m.type === 'init'), 'the form to load', 15_000);
  });
  after(async () => {
    form?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('groupBy', undefined);
    await api.tokens.clear();
    await sandbox.close();
  });

  it(`${RUNS} random and malformed messages: no throw, no request to the API, the panel still works`, async function () {
    this.timeout(120_000);
    const opened = form;
    assert.ok(opened, 'the extension exposes the lead form host (testing.editor)');
    const { panel } = opened;
    let legitimate = 0;
    const record: InputsRecord = { type: 'inputs', area: 'webview → host messages (LeadPanel.handleMessage)', tried: 0, failures: 0, apiRequests: 0, outcome: 'fail' };
    await recorded(record, async () => {
      await sandboxIdle(sandbox);
      sandbox.clearRequests();
      await fc.assert(
        fc.asyncProperty(hostileMessage, async (message) => {
          if (legitimateAction(message)) {
            legitimate++;
            return true;
          }
          record.tried++;
          const before = sandbox.requests.length;
          try {
            await panel.handleMessage(message);
          } catch (error) {
            record.failures++;
            throw error;
          }
          if (sandbox.requests.length !== before) {
            record.apiRequests += sandbox.requests.length - before;
            return false;
          }
          if (!prototypeIntact()) {
            record.failures++;
            return false;
          }
          return true;
        }),
        { numRuns: RUNS, seed: 20251126, endOnFailure: true },
      );
      assert.equal(record.apiRequests, 0, 'no bad message reached the API');
      assert.ok(record.tried >= RUNS * 0.9, `mostly bad messages (${legitimate} valid ones set aside)`);
      // Still works: the form loads, and a real save goes through once.
      const mark = opened.posted.length;
      await panel.handleMessage({ type: 'ready' });
      assert.ok(opened.posted.slice(mark).some((m) => m.type === 'init'), 'the panel answers ready');
      await panel.handleMessage({ type: 'save', baseUpdatedAt: panel.lead.updated_at, patch: { name: 'Still Works' } });
      const result = opened.posted.slice(mark).find((m) => m.type === 'saveResult');
      assert.ok(result && result.type === 'saveResult' && result.result.outcome === 'saved', 'a normal save succeeds afterwards');
      assert.equal(sandbox.store.get(lead.id)?.name, 'Still Works');
      assert.equal(sandbox.requests.filter((r) => r.method === 'PATCH').length, 1);
    });
  });
});
