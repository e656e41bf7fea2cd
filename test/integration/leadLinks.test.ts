// Lead documents as the editor helps with them, in a real editor against the sandbox: the
// shipped JSON schema reaching `topcalls:` documents through the built-in JSON extension,
// the extension's own live checks, links to a lead, Copy Link to Lead and Copy as cURL.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Lead } from '../../src/shared/schemas';
import type { TestingApi } from '../../src/extension';
import { captureNotifications, type Notifications } from '../reliability/inEditor';
import type { Sandbox } from '../sandbox';
import { accept, sandboxed, signIn, waitFor, watchInputBoxes } from './support';

/** The JSON extension starts its language server on the first JSON document: slow on a loaded machine. */
const LANGUAGE_SERVER_MS = 30_000;

describe('Lead documents in the JSON editor', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let api: TestingApi;
  let next = 0;

  before(async () => {
    ({ sandbox, api } = await sandboxed({ leads: 20 }));
    // code-server saves after a delay by default: these tests keep unsaved edits, as a user of desktop VS Code does.
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    await signIn(sandbox);
  });
  afterEach(async () => {
    // Unsaved lead documents are put back as TopCalls has them, so closing them asks nothing.
    for (const document of vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'topcalls' && d.isDirty)) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Global);
    await api.tokens.clear();
    await sandbox.close();
  });

  /** A lead no other test has touched, open as JSON through the real command. */
  async function openAsJson(): Promise<{ lead: Lead; document: vscode.TextDocument }> {
    const lead = sandbox.store.all()[next++];
    assert.ok(lead, 'the sandbox has run out of leads');
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('topcalls.openLeadAsJson', lead.id);
    assert.ok(uri, 'Open Lead as JSON opened a document');
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    assert.ok(document, `${uri.toString()} is open`);
    assert.equal(document.languageId, 'json');
    return { lead, document };
  }



  describe('Lead schema', () => {
    it('reaches topcalls: documents by fileMatch: a phone not in E.164, a bad email and an unknown key are flagged on their lines', async () => {
      const { document } = await openAsJson();
      const phoneLine = await setValue(document, 'phone_number', '"0044 20 7946 0958"');
      const emailLine = await setValue(document, 'email', '"not an email"');
      const nameLine = await replaceKey(document, 'name', 'nickname');
      const on = (line: number): vscode.Diagnostic | undefined => schemaDiagnostics(document.uri).find((d) => d.range.start.line === line);
      await waitFor(() => [phoneLine, emailLine, nameLine].every((line) => on(line)), 'the JSON extension to check the document against the schema', LANGUAGE_SERVER_MS);
      assert.match(on(phoneLine)!.message, /E\.164/, 'the phone pattern message');
      assert.match(on(nameLine)!.message, /nickname/, 'additionalProperties: false');
    });

    it('completes the field names and the status values', async () => {
      const { document } = await openAsJson();
      await replaceAll(document, '{\n  \n}\n');
      const keys = await completionLabels(document, new vscode.Position(1, 2));
      for (const key of ['name', 'phone_number', 'email', 'status', 'tags', 'notes', 'metadata', 'notes_append', '_readonly']) {
        assert.ok(keys.includes(`"${key}"`) || keys.includes(key), `completes ${key}: ${keys.join(' ')}`);
      }
      await replaceAll(document, '{\n  "status": ""\n}\n');
      const statuses = await completionLabels(document, new vscode.Position(1, 13));
      for (const status of ['New', 'Contacted', 'Converted', 'Unsubscribed']) {
        assert.ok(statuses.includes(`"${status}"`), `completes the status ${status}: ${statuses.join(' ')}`);
      }
    });

    it('explains a field on hover with the contract\'s description, and the read-only part as read-only', async () => {
      const { document } = await openAsJson();
      const phone = await hoverText(document, lineOf(document, 'phone_number'));
      assert.match(phone, /The number TopCalls calls\. E\.164\. The server also checks it is dialable with libphonenumber-js/, `the contract's description of Phone: ${phone}`);
      const readonly = await hoverText(document, lineOf(document, 'updated_at'));
      assert.match(readonly, /Read-only/, readonly);
    });
  });

  describe('Lead checks', () => {
    it('puts a message on the phone line when the number typed has the E.164 form but no country dials it', async () => {
      const { document } = await openAsJson();
      const line = await setValue(document, 'phone_number', '"+33012345678"');
      const onPhone = (): vscode.Diagnostic | undefined =>
        vscode.languages.getDiagnostics(document.uri).find((d) => d.source === 'TopCalls' && d.code === 'notDialable');
      await waitFor(() => onPhone() !== undefined, 'the TopCalls check of the typed number');
      assert.equal(onPhone()!.range.start.line, line);
      assert.match(onPhone()!.message, /France/);
      assert.equal(onPhone()!.severity, vscode.DiagnosticSeverity.Error);
      // Typing a dialable number clears it.
      await setValue(document, 'phone_number', '"+33123456789"');
      await waitFor(() => onPhone() === undefined, 'the message to go once the number is dialable');
    });

    it('puts a message on notes_append when the notes were changed too', async () => {
      const { lead, document } = await openAsJson();
      await setValue(document, 'notes', '"rewritten", "notes_append": "called back"');
      const problem = (): vscode.Diagnostic | undefined =>
        vscode.languages.getDiagnostics(document.uri).find((d) => d.source === 'TopCalls' && d.code === 'appendWithNotes');
      await waitFor(() => problem() !== undefined, 'the TopCalls check of notes_append');
      assert.equal(problem()!.range.start.line, lineOf(document, 'notes'));
      await setValue(document, 'notes', `${JSON.stringify(lead.notes ?? null)}, "notes_append": "called back"`);
      await waitFor(() => problem() === undefined, 'the message to go once the notes are as they were');
    });
  });

  describe('Lead links', () => {
    let notifications: Notifications;
    before(async () => {
      notifications = await captureNotifications();
      // A link from outside asks before the extension gets it; the user has said yes for this one.
      await vscode.workspace.getConfiguration('extensions').update('confirmedUriHandlerExtensionIds', ['topcalls.topcalls-leads'], vscode.ConfigurationTarget.Global);
    });
    after(async () => {
      notifications.restore();
      await vscode.workspace.getConfiguration('extensions').update('confirmedUriHandlerExtensionIds', undefined, vscode.ConfigurationTarget.Global);
    });

    const link = (rest: string): vscode.Uri => vscode.Uri.parse(`${vscode.env.uriScheme}://topcalls.topcalls-leads/lead${rest}`);
    const openTab = (lead: Lead): boolean =>
      vscode.window.tabGroups.all.some((group) =>
        group.tabs.some((tab) => {
          const input = tab.input;
          return (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) && input.uri.path === `/leads/${lead.id}.json`;
        }),
      );

    it('Copy Link to Lead copies the editor\'s own link, and opening that link opens the lead', async () => {
      const lead = sandbox.store.all()[next++]!;
      await vscode.commands.executeCommand('topcalls.copyLink', lead.id);
      const copied = await vscode.env.clipboard.readText();
      assert.equal(copied, `${vscode.env.uriScheme}://topcalls.topcalls-leads/lead/${lead.id}`);
      // Through VS Code's own routing of its scheme to the extension's URI handler.
      await vscode.commands.executeCommand('vscode.open', vscode.Uri.parse(copied));
      await waitFor(() => openTab(lead), 'the lead to open from its link', 15_000);
    });

    it('a phone link looks the number up and opens its lead', async () => {
      const lead = sandbox.store.all()[next++]!;
      await api.links.openLink(link(`?phone=${lead.phone_number}`));
      assert.ok(openTab(lead), 'the lead with that phone is open');
      assert.ok(sandbox.requests.some((r) => r.path === '/v1/leads' && new URLSearchParams(r.query).get('phone') === lead.phone_number));
    });

    it('a link that names no lead says so and opens nothing', async () => {
      for (const [rest, said] of [
        ['/42', /"42" in this TopCalls link is not a lead id/],
        ['?phone=14155552671', /"14155552671" in this TopCalls link is not a phone number/],
        ['s/anything', /does not name a lead/],
      ] as const) {
        const mark = notifications.shown.length;
        sandbox.clearRequests();
        const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).length;
        await api.links.openLink(link(rest));
        const errors = notifications.since(mark).filter((n) => n.kind === 'error');
        assert.equal(errors.length, 1, rest);
        assert.match(errors[0]!.text, said);
        assert.deepEqual(sandbox.requests, [], 'nothing asked of TopCalls');
        assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs).length, tabs, 'nothing opened');
      }
    });

    it('signed out, a link asks for the token first, then opens the lead', async () => {
      const lead = sandbox.store.all()[next++]!;
      await api.tokens.clear();
      const boxes = watchInputBoxes();
      try {
        const opening = api.links.openLink(link(`/${lead.id}`));
        const box = await boxes.next();
        assert.equal(openTab(lead), false, 'nothing opens before signing in');
        box.value = sandbox.token;
        await accept();
        await opening;
      } finally {
        boxes.restore();
      }
      assert.equal(await api.tokens.signedIn(), true);
      assert.ok(openTab(lead), 'the lead opened once signed in');
    });
  });

  describe('Copy as cURL', () => {
    it('copies the GET for a lead, and for its unsaved document the PATCH with exactly the changed fields, never the token', async () => {
      const { lead, document } = await openAsJson();
      await vscode.commands.executeCommand('topcalls.copyAsCurl', lead.id);
      const get = await vscode.env.clipboard.readText();
      assert.equal(
        get,
        `curl -sS '${sandbox.url}/v1/leads/${lead.id}' \\\n  -H 'Accept: application/json' \\\n  -H "Authorization: Bearer $TOPCALLS_API_TOKEN"`,
      );
      await setValue(document, 'name', '"O\'Brien $(whoami)"');
      await setValue(document, 'status', lead.status === 'Contacted' ? '"New"' : '"Contacted"');
      assert.ok(document.isDirty);
      // From the editor's title menu: the document's URI.
      await vscode.commands.executeCommand('topcalls.copyAsCurl', document.uri);
      const patch = await vscode.env.clipboard.readText();
      const body = { name: "O'Brien $(whoami)", status: lead.status === 'Contacted' ? 'New' : 'Contacted' };
      assert.ok(patch.startsWith(`curl -sS -X PATCH '${sandbox.url}/v1/leads/${lead.id}'`), patch);
      assert.ok(patch.endsWith(`--data-raw '${JSON.stringify(body).replaceAll("'", "'\\''")}'`), patch);
      for (const text of [get, patch]) assert.ok(!text.includes(sandbox.token), 'the token is never copied');
    });
  });
});

/** What the JSON extension says about the document (it sets no source in 1.100), not the extension's own messages. */
function schemaDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === undefined || d.source === 'json');
}

function lineOf(document: vscode.TextDocument, key: string): number {
  for (let line = 0; line < document.lineCount; line++) {
    if (document.lineAt(line).text.trimStart().startsWith(`"${key}":`)) return line;
  }
  assert.fail(`the document has no ${key} line`);
}

/** Replaces the value of `"key": …` on its line (the document is pretty-printed, one key a line); returns the line. */
async function setValue(document: vscode.TextDocument, key: string, json: string): Promise<number> {
  const line = document.lineAt(lineOf(document, key));
  const start = line.text.indexOf(':') + 2;
  const end = line.text.endsWith(',') ? line.text.length - 1 : line.text.length;
  await apply(document, new vscode.Range(line.lineNumber, start, line.lineNumber, end), json);
  return line.lineNumber;
}

async function replaceKey(document: vscode.TextDocument, key: string, to: string): Promise<number> {
  const line = document.lineAt(lineOf(document, key));
  const start = line.text.indexOf('"') + 1;
  await apply(document, new vscode.Range(line.lineNumber, start, line.lineNumber, start + key.length), to);
  return line.lineNumber;
}

async function replaceAll(document: vscode.TextDocument, text: string): Promise<void> {
  await apply(document, new vscode.Range(0, 0, document.lineCount, 0), text);
}

async function apply(document: vscode.TextDocument, range: vscode.Range, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, range, text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applied');
}

/** The completions at `position`, once the JSON extension offers some (its server may still be starting). */
async function completionLabels(document: vscode.TextDocument, position: vscode.Position): Promise<string[]> {
  let labels: string[] = [];
  await waitFor(
    async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
      labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
      return labels.length > 0;
    },
    'completions from the JSON extension',
    LANGUAGE_SERVER_MS,
  );
  return labels;
}

async function hoverText(document: vscode.TextDocument, line: number): Promise<string> {
  const position = new vscode.Position(line, document.lineAt(line).firstNonWhitespaceCharacterIndex + 2);
  let text = '';
  await waitFor(
    async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
      // As Markdown, which the JSON extension escapes (`E\\.164`): as the user reads it.
      text = hovers
        .flatMap((hover) => hover.contents.map((c) => (typeof c === 'string' ? c : c.value)))
        .join('\n')
        .replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1');
      return text.length > 0;
    },
    'a hover from the JSON extension',
    LANGUAGE_SERVER_MS,
  );
  return text;
}
