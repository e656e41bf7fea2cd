// The lead editor in a real editor, against the sandbox: the host side of the form,
// driven through the same message handler the webview uses.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Lead, LeadPatch } from '../../src/api/schemas';
import type { LeadPanel } from '../../src/editor/leadPanel';
import type { EditorTesting } from '../../src/editor/register';
import type { TestingApi } from '../../src/extension';
import type { SaveResult, ToWebview } from '../../src/protocol';
import type { Sandbox } from '../sandbox';
import { children, sandboxed, setSetting, signIn, waitFor } from './support';

function editorOf(api: TestingApi): EditorTesting {
  const editor = (api as { editor?: EditorTesting }).editor;
  assert.ok(editor, 'the extension exposes the lead editor as testing.editor');
  return editor;
}

/** Everything the panel posts to its form from now on. */
function record(panel: LeadPanel): ToWebview[] {
  const messages: ToWebview[] = [];
  panel.onDidPost((message) => messages.push(message));
  return messages;
}

describe('Lead editor', () => {
  let sandbox: Sandbox;
  let api: TestingApi;
  let editor: EditorTesting;
  let next = 0;

  before(async () => {
    ({ sandbox, api } = await sandboxed({ leads: 40 }));
    editor = editorOf(api);
    await signIn(sandbox);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('requestTimeoutMs', undefined);
    await api.tokens.clear();
    await sandbox.close();
  });
  beforeEach(() => {
    sandbox.clearFaults();
    sandbox.clearRequests();
  });

  /** A lead no other test has touched (with `changes` made on the server first), open in its panel. */
  async function openFresh(changes: Partial<Lead> = {}): Promise<{ lead: Lead; panel: LeadPanel }> {
    const seeded = sandbox.store.all()[next++];
    assert.ok(seeded, 'the sandbox has run out of leads');
    const lead = sandbox.store.put({ ...seeded, ...changes });
    const panel = await editor.open(lead.id);
    assert.ok(panel, `no panel for ${lead.id}`);
    // Results go to a loaded form (or wait for it): let the real webview come up first.
    const messages = record(panel);
    await waitFor(() => messages.some((m) => m.type === 'init'), 'the form to load', 15_000);
    sandbox.clearRequests();
    return { lead, panel };
  }

  async function save(panel: LeadPanel, patch: LeadPatch, baseUpdatedAt = panel.lead.updated_at): Promise<SaveResult> {
    const messages = record(panel);
    await panel.handleMessage({ type: 'save', baseUpdatedAt, patch });
    const result = messages.find((m) => m.type === 'saveResult');
    assert.ok(result, 'the panel answered the save');
    return result.result;
  }

  /** The lead as someone else's write left it: a later updated_at. */
  const changedElsewhere = (lead: Lead, changes: Partial<Lead>): Lead => ({
    ...lead,
    ...changes,
    updated_at: new Date(Date.parse(lead.updated_at) + 60_000).toISOString(),
  });

  const patchBodies = (): unknown[] => sandbox.requests.filter((r) => r.method === 'PATCH').map((r) => r.body);

  describe('panels', () => {
    it('opens one panel per lead, titled with its name, and the form loads in it', async () => {
      const lead = sandbox.store.all()[next++]!;
      const panel = await editor.open(lead.id);
      assert.ok(panel);
      const messages = record(panel);
      assert.equal(panel.panel.title, lead.name);
      assert.equal(panel.panel.viewType, 'topcalls.lead');
      // The real webview boots (script allowed by the CSP) and asks for the lead.
      await waitFor(() => messages.some((m) => m.type === 'init'), 'the form to send ready', 15_000);
      assert.equal(await editor.open(lead.id), panel, 'a second open reveals the same panel');
      assert.equal(await vscode.commands.executeCommand('topcalls.openLead', lead.id), panel);
    });

    it('marks the title while there are unsaved edits', async () => {
      const { lead, panel } = await openFresh();
      await panel.handleMessage({ type: 'dirty', dirty: true });
      assert.equal(panel.panel.title, `● ${lead.name}`);
      await panel.handleMessage({ type: 'dirty', dirty: false });
      assert.equal(panel.panel.title, lead.name);
    });

    it('passes a lead changed elsewhere to the form', async () => {
      const { lead, panel } = await openFresh();
      const messages = record(panel);
      const changed = changedElsewhere(lead, { status: 'Converted' });
      api.store.put(changed);
      assert.deepEqual(messages, [{ type: 'lead', lead: changed }]);
      assert.equal(panel.lead, changed);
    });
  });

  describe('saving', () => {
    it('sends only the changed fields, and the tree shows the result in place', async () => {
      const { lead, panel } = await openFresh();
      await children(api, api.view.provider.nodes.group(lead.status));
      assert.ok(api.view.model.lead(lead.id), 'the lead is in the tree');
      const result = await save(panel, { name: 'Grace Hopper', tags: ['navy'] });
      assert.deepEqual(patchBodies(), [{ name: 'Grace Hopper', tags: ['navy'] }]);
      assert.equal(result.outcome, 'saved');
      assert.equal(api.view.model.lead(lead.id)?.name, 'Grace Hopper');
      assert.equal(panel.lead.name, 'Grace Hopper');
      assert.notEqual(panel.lead.updated_at, lead.updated_at);
    });

    it('sends null for a cleared email and cleared notes', async () => {
      const { panel } = await openFresh({ email: 'someone@example.com', notes: 'Prefers mornings' });
      await save(panel, { email: null, notes: null });
      assert.deepEqual(patchBodies(), [{ email: null, notes: null }]);
      assert.equal(sandbox.store.get(panel.leadId)?.email ?? null, null);
    });

    it('sends notes_append alone, and the form gets the appended notes back', async () => {
      const { panel } = await openFresh();
      const result = await save(panel, { notes_append: 'Called back, interested' });
      assert.deepEqual(patchBodies(), [{ notes_append: 'Called back, interested' }]);
      assert.ok(result.outcome === 'saved' && result.lead.notes?.includes('Called back, interested'));
    });

    it('sends one request for a double-click on Save', async () => {
      const { panel } = await openFresh();
      const message = { type: 'save', baseUpdatedAt: panel.lead.updated_at, patch: { status: 'Contacted' } };
      await Promise.all([panel.handleMessage(message), panel.handleMessage(message)]);
      assert.equal(patchBodies().length, 1);
    });

    it('sends nothing for a malformed message', async () => {
      const { panel } = await openFresh();
      const messages = record(panel);
      const base = { type: 'save', baseUpdatedAt: panel.lead.updated_at };
      for (const bad of [
        undefined,
        'save',
        { type: 'save' },
        { ...base, patch: {} },
        { ...base, patch: { name: '' } },
        { ...base, patch: { phone_number: '555-0100' } },
        { ...base, patch: { email: 'nope' } },
        { ...base, patch: { notes: 'a', notes_append: 'b' } },
        { ...base, patch: { metadata: [1] } },
        { ...base, patch: { account_id: 'x' } },
        { ...base, patch: { name: 'ok' }, also: true },
        { type: 'action', action: 'workbench.action.quit' },
      ]) {
        await panel.handleMessage(bad);
      }
      assert.deepEqual(sandbox.requests, []);
      assert.deepEqual(messages, []);
    });
  });

  describe('failures keep the edits and say what to do', () => {
    it('400: each message on its field', async () => {
      const { panel } = await openFresh();
      sandbox.inject({
        kind: 'status',
        status: 400,
        match: { method: 'PATCH' },
        body: { title: 'Validation failed', status: 400, errors: [{ path: 'phone_number', message: 'This number is on the do-not-call list' }] },
      });
      const result = await save(panel, { phone_number: '+14155550123' });
      assert.ok(result.outcome === 'failed');
      assert.equal(result.failure.kind, 'fields');
      assert.deepEqual(result.failure.fieldErrors, { phone_number: ['This number is on the do-not-call list'] });
    });

    it('401: offers to set the token', async () => {
      const { panel } = await openFresh();
      sandbox.inject({ kind: 'status', status: 401, match: { method: 'PATCH' } });
      const result = await save(panel, { name: 'X' });
      assert.ok(result.outcome === 'failed' && result.failure.kind === 'auth');
    });

    it('404: says the lead was deleted and takes it out of the tree', async () => {
      const { lead, panel } = await openFresh();
      await children(api, api.view.provider.nodes.group(lead.status));
      const messages = record(panel);
      sandbox.store.remove(lead.id);
      const result = await save(panel, { name: 'X' });
      assert.ok(result.outcome === 'failed' && result.failure.kind === 'gone');
      assert.deepEqual(patchBodies(), []);
      assert.equal(api.view.model.lead(lead.id), undefined);
      assert.ok(messages.some((m) => m.type === 'notice' && m.failure.kind === 'gone'));
    });

    it('409: what happened, then the API\'s title and detail; no Retry', async () => {
      const { panel } = await openFresh();
      sandbox.inject({
        kind: 'status',
        status: 409,
        match: { method: 'PATCH' },
        body: { title: 'Lead is locked', status: 409, detail: 'A call is in progress' },
      });
      const result = await save(panel, { name: 'X' });
      assert.ok(result.outcome === 'failed');
      assert.deepEqual(
        { kind: result.failure.kind, title: result.failure.title, detail: result.failure.detail, retry: result.failure.retry },
        { kind: 'error', title: 'TopCalls refused the change: it conflicts with data it holds (409).', detail: 'Lead is locked: A call is in progress', retry: false },
      );
    });

    it('500: offers Retry, and warns that a note may have been appended (never retried by itself)', async () => {
      const { panel } = await openFresh();
      sandbox.inject({ kind: 'status', status: 500, match: { method: 'PATCH' } });
      const result = await save(panel, { notes_append: 'once only' });
      assert.ok(result.outcome === 'failed');
      assert.equal(result.failure.retry, true);
      assert.equal(result.failure.maybeAppended, true);
      assert.equal(patchBodies().length, 1, 'notes_append is not retried automatically');
    });

    it('timeout: offers Retry', async () => {
      const { panel } = await openFresh();
      await setSetting('requestTimeoutMs', 1000);
      try {
        sandbox.inject({ kind: 'delay', ms: 1500, match: { method: 'PATCH' } });
        const result = await save(panel, { notes_append: 'slow' });
        assert.ok(result.outcome === 'failed');
        assert.equal(result.failure.retry, true);
        assert.match(result.failure.title, /didn't answer in time/);
      } finally {
        await setSetting('requestTimeoutMs', undefined);
      }
    });
  });

  describe('conflicts', () => {
    it('does not overwrite a field someone else changed: the form gets their lead instead', async () => {
      const { lead, panel } = await openFresh();
      const theirs = sandbox.store.put({ ...lead, name: 'Changed by a colleague' });
      const result = await save(panel, { name: 'Mine' });
      assert.deepEqual(patchBodies(), []);
      assert.deepEqual(result, { outcome: 'conflict', lead: theirs });
      assert.equal(panel.lead, result.lead, 'later saves are checked against their copy');
      // The user chose to overwrite: the form saves against their copy.
      await save(panel, { name: 'Mine' });
      assert.deepEqual(patchBodies(), [{ name: 'Mine' }]);
    });

    it('merges changes to fields the user did not touch', async () => {
      const { lead, panel } = await openFresh();
      sandbox.store.put({ ...lead, status: 'Unsubscribed' });
      const result = await save(panel, { name: 'Mine' });
      assert.deepEqual(patchBodies(), [{ name: 'Mine' }]);
      assert.ok(result.outcome === 'saved' && result.lead.status === 'Unsubscribed' && result.lead.name === 'Mine');
    });

    it('sends nothing for a save diffed against an older copy than the form was sent', async () => {
      const { lead, panel } = await openFresh();
      api.store.put(changedElsewhere(lead, { status: 'Converted' }));
      const result = await save(panel, { name: 'Mine' }, lead.updated_at);
      assert.equal(result.outcome, 'conflict');
      assert.deepEqual(sandbox.requests, []);
    });
  });
});
