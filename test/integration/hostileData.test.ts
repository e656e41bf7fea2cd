// Hostile lead data from the server (HTML, script, Markdown and command: links, 100 KB
// notes, right-to-left and emoji text) shown by the tree tooltip and the lead form: as
// text, with nothing live. The real rendering in the workbench is in test/e2e/hostile.e2e.ts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Lead } from '../../src/shared/schemas';
import type { TestingApi } from '../../src/extension';
import { containsText, hasLoneSurrogate, hostileLeads, renderMarkdown } from '../reliability/hostile';
import { openForm, type FormHandle } from '../reliability/inEditor';
import { recorded, type CheckRecord } from '../reliability/report';
import type { Sandbox } from '../sandbox';
import { children, sandboxed, setSetting, signIn, waitFor } from './support';

/** A lead's row as VS Code gets it on hover: getTreeItem, then resolveTreeItem (tooltips are built there). */
function treeItem(api: TestingApi, id: string): vscode.TreeItem {
  const provider = api.view.provider;
  const node = provider.nodes.lead(id);
  const item = provider.getTreeItem(node);
  const resolve = (provider as { resolveTreeItem?: (item: vscode.TreeItem, node: unknown) => vscode.TreeItem | undefined }).resolveTreeItem;
  return resolve?.call(provider, item, node) ?? item;
}

function check(name: string, checked: number, body: () => Promise<void> | void): Promise<void> {
  return recorded<CheckRecord>({ type: 'check', area: 'hostile data', name, outcome: 'fail', checked }, body);
}

describe('[reliability] hostile lead data', function () {
  let sandbox: Sandbox;
  let api: TestingApi;
  const planted = hostileLeads();

  before(async function () {
    this.timeout(60_000);
    ({ sandbox, api } = await sandboxed({ leads: 20 }));
    for (const lead of planted) sandbox.store.put(lead, { keepUpdatedAt: true });
    await setSetting('groupBy', 'none');
    await setSetting('pageSize', 50);
    await signIn(sandbox);
    await waitFor(() => api.view.model.groupBy === 'none', 'flat grouping');
    api.view.refresh();
    await children(api);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('groupBy', undefined);
    await setSetting('pageSize', undefined);
    await api.tokens.clear();
    await sandbox.close();
  });

  it('loads every hostile lead unchanged (the client does not choke on it)', async () => {
    await check('loaded as data', planted.length, () => {
      for (const raw of planted) {
        const lead = api.view.model.lead(raw.id);
        assert.ok(lead, `${raw.id} is listed`);
        assert.equal(lead.name, raw.name);
        assert.equal(lead.notes, raw.notes);
        assert.deepEqual(lead.tags, raw.tags);
      }
    });
  });

  it('tree rows and tooltips show the text and nothing live (no link, image, HTML, command)', async () => {
    await check('tree tooltip inert', planted.length, () => {
      for (const raw of planted) {
        const lead = api.view.model.lead(raw.id) as Lead;
        const item = treeItem(api, lead.id);
        // Plain text, less the bidi override characters that could disguise it.
        assert.equal(item.label, lead.name.replace(/[\u202A-\u202E\u2066-\u2069]/g, ''), 'the label is the name, as plain text');
        const tooltip = item.tooltip as vscode.MarkdownString;
        assert.ok(tooltip instanceof Object && typeof tooltip.value === 'string', 'a Markdown tooltip');
        assert.ok(!tooltip.isTrusted, 'the tooltip is untrusted (no command links)');
        assert.ok(!tooltip.supportHtml, 'the tooltip renders no HTML');
        assert.ok(!tooltip.supportThemeIcons, 'no $(icon) syntax from lead data');
        const rendered = renderMarkdown(tooltip.value);
        assert.deepEqual(rendered.problems, [], `${lead.phone_number}: the tooltip renders inert\n${rendered.html.slice(0, 2000)}`);
        assert.ok(containsText(rendered.text, lead.name), `${lead.phone_number}: the name shows as text`);
        for (const tag of lead.tags) assert.ok(containsText(rendered.text, tag), `${lead.phone_number}: the tag shows as text`);
        const notes = lead.notes ?? '';
        assert.ok(containsText(rendered.text, notes.slice(0, 120)), `${lead.phone_number}: the notes (start) show as text`);
        assert.ok(tooltip.value.length < 200_000, 'the tooltip stays bounded with 100 KB notes');
      }
    });
  });

  it('tooltips never cut an emoji in half (no lone surrogate in the notes excerpt)', async () => {
    await check('tooltip keeps emoji whole', planted.length, () => {
      for (const raw of planted) {
        const item = treeItem(api, raw.id);
        const value = (item.tooltip as vscode.MarkdownString).value;
        assert.ok(!hasLoneSurrogate(value), `${String(raw.phone_number)}: the tooltip has a broken character (a surrogate pair cut in two)`);
      }
    });
  });

  it('the lead form gets the data as data: static page, lead only in the document message', async function () {
    this.timeout(60_000);
    await check('form host side', planted.length, async () => {
      for (const raw of planted) {
        const lead = api.view.model.lead(raw.id) as Lead;
        let form: FormHandle | undefined;
        try {
          form = await openForm(api, lead);
          const html = form.form.panel.webview.html;
          assert.ok(!html.includes(lead.name.slice(0, 40)), 'the page holds no lead data (it is sent as a message)');
          assert.match(html, /Content-Security-Policy/);
          assert.match(html, /script-src 'nonce-/);
          assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
          const shown = form.posted.find((m) => m.type === 'document');
          assert.ok(shown?.type === 'document' && shown.state.ok, 'the form is sent the lead');
          assert.equal(shown.state.values.name, lead.name);
          assert.equal(shown.state.values.notes, lead.notes ?? null);
        } finally {
          await form?.dispose();
        }
      }
    });
  });
});
