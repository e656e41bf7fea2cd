// Thousands of random and malformed messages posted to the lead form's host-side handler
// (LeadForm.handleMessage, the function every webview message goes through): none throws,
// none changes the lead's document or reaches the API, and the form still works afterwards.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import * as vscode from 'vscode';
import type { Lead } from '../../src/shared/schemas';
import type { TestingApi } from '../../src/extension';
import { openForm, sandboxIdle, saveInForm, type FormHandle } from '../reliability/inEditor';
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
    lead = api.view.model.allLoaded()[0] as Lead;
    form = await openForm(api, lead);
  });
  after(async () => {
    await form?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('groupBy', undefined);
    await api.tokens.clear();
    await sandbox.close();
  });

  it(`${RUNS} random and malformed messages: no throw, no change to the document, no request to the API, the form still works`, async function () {
    this.timeout(120_000);
    const opened = form;
    assert.ok(opened, 'the lead form opened');
    const { form: host, document } = opened;
    const text = document.getText();
    let legitimate = 0;
    const record: InputsRecord = { type: 'inputs', area: 'webview → host messages (LeadForm.handleMessage)', tried: 0, failures: 0, apiRequests: 0, outcome: 'fail' };
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
            await host.handleMessage(message);
          } catch (error) {
            record.failures++;
            throw error;
          }
          if (sandbox.requests.length !== before) {
            record.apiRequests += sandbox.requests.length - before;
            return false;
          }
          if (!prototypeIntact() || document.getText() !== text) {
            record.failures++;
            return false;
          }
          return true;
        }),
        { numRuns: RUNS, seed: 20251126, endOnFailure: true },
      );
      assert.equal(record.apiRequests, 0, 'no bad message reached the API');
      assert.ok(record.tried >= RUNS * 0.9, `mostly bad messages (${legitimate} valid ones set aside)`);
      assert.equal(document.isDirty, false, 'the document was not touched');
      // Still works: the form loads, and a real edit is saved, once.
      const mark = opened.posted.length;
      await host.handleMessage({ type: 'ready' });
      assert.ok(opened.posted.slice(mark).some((m) => m.type === 'init'), 'the form answers ready');
      assert.equal(await saveInForm(opened, { name: 'Still Works' }), true, 'a normal save succeeds afterwards');
      assert.equal(sandbox.store.get(lead.id)?.name, 'Still Works');
      assert.equal(sandbox.requests.filter((r) => r.method === 'PATCH').length, 1);
    });
  });
});
