// A lead as a document (`topcalls:/leads/<id>.json`) in a real editor, against the sandbox:
// opened, edited as text and saved with VS Code's own save, as a user of the JSON editor does.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Lead } from '../../src/shared/schemas';
import { leadText } from '../../src/document/leadText';
import type { TestingApi } from '../../src/extension';
import type { Sandbox } from '../sandbox';
import { children, leadDocumentSuite, setSetting, waitFor } from './support';

describe('Lead documents', () => {
  const suite = leadDocumentSuite(30);
  let sandbox: Sandbox;
  let api: TestingApi;
  let next = 0;
  before(() => ({ sandbox, api } = suite));

  /** A lead no other test touched (with `changes` made on the server first), open as JSON. */
  async function openJson(changes: Partial<Lead> = {}): Promise<{ lead: Lead; document: vscode.TextDocument }> {
    const seeded = sandbox.store.all()[next++];
    assert.ok(seeded, 'the sandbox has run out of leads');
    const lead = sandbox.store.put({ ...seeded, ...changes });
    const uri = await api.documents.open(lead.id, { asJson: true });
    assert.ok(uri, 'the lead opened');
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    assert.ok(document, 'the document is open');
    sandbox.clearRequests();
    return { lead, document };
  }

  /** Replaces the text of the document as typing would. */
  async function edit(document: vscode.TextDocument, change: (json: Record<string, unknown>) => void): Promise<void> {
    const json = JSON.parse(document.getText()) as Record<string, unknown>;
    change(json);
    const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
    const workspaceEdit = new vscode.WorkspaceEdit();
    workspaceEdit.replace(document.uri, whole, `${JSON.stringify(json, null, 2)}\n`);
    assert.ok(await vscode.workspace.applyEdit(workspaceEdit));
    assert.ok(document.isDirty);
  }

  /**
   * Saves and waits for the save to finish. The first save in a window can answer `false` while
   * it is still under way (it waits for the JSON extension to start), so its end is watched instead.
   */
  async function save(document: vscode.TextDocument): Promise<void> {
    await document.save();
    await waitFor(() => !document.isDirty, 'the save to finish', 15_000);
  }

  const patchBodies = (): unknown[] => sandbox.requests.filter((r) => r.method === 'PATCH').map((r) => r.body);
  const diagnosticsOf = (document: vscode.TextDocument): vscode.Diagnostic[] =>
    vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'TopCalls');
  const lineOf = (document: vscode.TextDocument, key: string): number =>
    document.getText().split('\n').findIndex((line) => line.trimStart().startsWith(`"${key}"`));

  it('reads the lead as JSON: writable fields first, then the read-only ones, in a preview tab', async () => {
    const { lead, document } = await openJson();
    assert.equal(document.getText(), leadText(sandbox.store.get(lead.id) ?? lead));
    assert.equal(document.languageId, 'json');
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputText && tab.input.uri.toString() === document.uri.toString());
    assert.equal(tab.isPreview, true);
    const stat = await vscode.workspace.fs.stat(document.uri);
    assert.equal(stat.mtime, Date.parse((sandbox.store.get(lead.id) ?? lead).updated_at), "mtime is the lead's updated_at");
  });

  it('opens a lead again within a double-click as a kept tab, not a preview', async () => {
    const { lead } = await openJson();
    const active = (): vscode.Tab | undefined => vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.equal(active()?.isPreview, true);
    // A double-click's second open arrives while the first is still under way, however slow the machine.
    await Promise.all([api.documents.open(lead.id, { asJson: true }), api.documents.open(lead.id, { asJson: true })]);
    assert.equal(active()?.isPreview, false, 'the second open of a double-click keeps the tab');
    assert.equal(sandbox.requests.length, 0, 'a lead the extension holds opens without a request');
  });

  it('saves with one PATCH of exactly the changed fields, then shows the lead as TopCalls has it', async () => {
    const { lead, document } = await openJson({ status: 'New' });
    await edit(document, (json) => {
      json.status = 'Contacted';
      json.phone_number = `${lead.phone_number.slice(0, 2)} ${lead.phone_number.slice(2)}`;
      json.tags = ['follow-up'];
    });
    await save(document);
    assert.deepEqual(patchBodies(), [{ status: 'Contacted', tags: ['follow-up'] }]);
    assert.equal(sandbox.store.get(lead.id)?.status, 'Contacted');
    // The saved text becomes the lead's own: the new updated_at, the phone as stored.
    await waitFor(() => document.getText() === leadText(api.store.get(lead.id) as Lead), 'the document to show the saved lead');
    assert.equal(document.isDirty, false);
    assert.equal(api.store.get(lead.id)?.status, 'Contacted', 'the store (and so the tree) has the answer');
  });

  it('sends nothing when the document holds no change, even written differently', async () => {
    const { document } = await openJson({ notes: '', phone_number: '+1 415 555 0142' });
    await edit(document, (json) => {
      json.notes = null;
      json.phone_number = '+14155550142';
    });
    await save(document);
    assert.deepEqual(patchBodies(), []);
  });

  it('leaves "" notes and a stored phone not in E.164 alone when another field is saved', async () => {
    const { lead, document } = await openJson({ notes: '', phone_number: '+1 415 555 0143' });
    await edit(document, (json) => {
      json.name = `${lead.name} Jr.`;
    });
    await save(document);
    assert.deepEqual(patchBodies(), [{ name: `${lead.name} Jr.` }]);
  });

  it('refuses an edit to a read-only field, keeps the text dirty and marks the line', async () => {
    const { document } = await openJson();
    await edit(document, (json) => {
      (json._readonly as Record<string, unknown>).account_id = 'someone-else';
    });
    assert.equal(await document.save(), false);
    assert.deepEqual(patchBodies(), []);
    assert.equal(document.isDirty, true);
    assert.match(document.getText(), /someone-else/);
    await waitFor(() => diagnosticsOf(document).length > 0, 'a diagnostic');
    const [diagnostic] = diagnosticsOf(document);
    assert.ok(diagnostic, 'a diagnostic says why');
    assert.match(diagnostic.message, /account_id.*read-only/);
    assert.equal(diagnostic.range.start.line, lineOf(document, 'account_id'));
  });

  it("puts a 400's field error on that field's line, and keeps the user's text", async () => {
    const { document } = await openJson();
    sandbox.inject({
      kind: 'status',
      status: 400,
      contentType: 'application/problem+json',
      match: { method: 'PATCH' },
      body: {
        type: 'https://api.topcalls.ai/problems/validation_error',
        title: 'Validation failed',
        status: 400,
        detail: 'email is not allowed for this account',
        errors: [{ path: 'email', message: 'is not allowed for this account' }],
      },
    });
    await edit(document, (json) => {
      json.email = 'new@example.com';
    });
    assert.equal(await document.save(), false);
    assert.equal(document.isDirty, true);
    assert.match(document.getText(), /new@example\.com/);
    const [diagnostic] = diagnosticsOf(document);
    assert.ok(diagnostic);
    assert.match(diagnostic.message, /not allowed for this account/);
    assert.equal(diagnostic.range.start.line, lineOf(document, 'email'));
    // Saving again once the server takes it clears the message.
    await save(document);
    assert.deepEqual(diagnosticsOf(document), []);
  });

  it("keeps a deleted lead's line when an undo takes the text back to the lead's", async () => {
    const { lead, document } = await openJson();
    await edit(document, (json) => {
      json.name = 'Edited before the delete';
    });
    sandbox.store.delete(lead.id);
    assert.equal(await document.save(), false);
    const deletedLine = (): boolean => diagnosticsOf(document).some((d) => /no longer exists on TopCalls/.test(d.message));
    await waitFor(deletedLine, "the deleted lead's line");
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    await waitFor(() => !document.isDirty, 'the undo');
    assert.ok(deletedLine(), JSON.stringify(diagnosticsOf(document).map((d) => d.message)));
  });

  it("clears a failed save's field error when Revert File takes the text back to the lead's", async () => {
    const { document } = await openJson();
    sandbox.inject({
      kind: 'status',
      status: 400,
      match: { method: 'PATCH' },
      body: { title: 'Validation failed', status: 400, errors: [{ path: 'name', message: 'is not allowed here' }] },
    });
    await edit(document, (json) => {
      json.name = 'Refused name';
    });
    assert.equal(await document.save(), false);
    assert.equal(diagnosticsOf(document).length, 1);
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor(() => !document.isDirty, 'the revert');
    assert.doesNotMatch(document.getText(), /Refused name/);
    assert.deepEqual(diagnosticsOf(document), []);
  });

  it("does not overwrite a change made on TopCalls since the document was read: VS Code's conflict check stops the save", async () => {
    const { lead, document } = await openJson();
    await edit(document, (json) => {
      json.name = 'Mine';
    });
    sandbox.store.put({ ...(sandbox.store.get(lead.id) as Lead), status: 'Unsubscribed' });
    assert.equal(await document.save(), false);
    assert.deepEqual(patchBodies(), [], 'nothing was sent');
    assert.equal(document.isDirty, true);
    assert.equal(sandbox.store.get(lead.id)?.status, 'Unsubscribed');
  });

  it('sends a note to append once: after a timeout and a failed read-back, the next save checks the notes first', async () => {
    const { lead, document } = await openJson({ notes: 'First call' });
    await edit(document, (json) => {
      json.notes_append = 'Called back';
    });
    // The PATCH is applied after the client has given up on it, and every attempt of the read-back
    // that follows fails (the client retries a GET on 503). The save's own read is the store's copy.
    await setSetting('requestTimeoutMs', 1_000);
    sandbox.inject({ kind: 'delay', ms: 2_000, match: { method: 'PATCH' } });
    sandbox.inject({ kind: 'status', status: 503, times: 10, match: { method: 'GET', path: `/v1/leads/${lead.id}` } });
    api.documents.files.trust(lead.id);
    const first = document.save();
    assert.equal(await first, false, 'the first save cannot tell whether the note landed');
    const pending = (): unknown => api.context.workspaceState.get<Record<string, unknown>>('topcalls.pendingAppends', {})[lead.id];
    await waitFor(() => pending() !== undefined, 'the note to check to be kept (it survives a reload)');
    await setSetting('requestTimeoutMs', undefined);
    sandbox.clearFaults();
    await waitFor(() => sandbox.requests.find((r) => r.method === 'PATCH')?.status === 200, 'the late PATCH to be applied');
    assert.equal(document.isDirty, true);
    // Ctrl+S again (or after a reload): the lead changed on TopCalls since it was read (the note
    // landed late), so VS Code's check stops the save and asks; Overwrite writes the same text.
    assert.equal(await document.save(), false);
    assert.equal(patchBodies().length, 1);
    await vscode.workspace.fs.writeFile(document.uri, new TextEncoder().encode(document.getText()));
    assert.equal(patchBodies().length, 1, 'the note was sent once');
    assert.equal(sandbox.store.get(lead.id)?.notes?.match(/Called back/g)?.length, 1);
    assert.equal(pending(), undefined, 'checked, so nothing is left to check');
  });

  it('follows a quick edit made elsewhere while it has no unsaved changes', async () => {
    // Quick edits act on leads the tree has loaded.
    await children(api, api.view.provider.nodes.group('New'));
    const used = new Set(sandbox.store.all().slice(0, next).map((l) => l.id));
    const loaded = api.view.model.allLoaded().find((l) => !used.has(l.id) && l.status === 'New');
    assert.ok(loaded, 'an untouched lead in the tree');
    const uri = await api.documents.open(loaded.id, { asJson: true });
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri?.toString());
    assert.ok(document);
    await vscode.commands.executeCommand('topcalls.setStatus', loaded.id, undefined, 'Converted');
    await waitFor(() => (JSON.parse(document.getText()) as { status: string }).status === 'Converted', 'the document to show the new status');
    assert.equal(document.isDirty, false);
  });
});
