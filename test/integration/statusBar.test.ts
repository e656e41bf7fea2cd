// The status bar item: the API host, signed in or not, and a running bulk edit's progress.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Lead } from '../../src/shared/schemas';
import type { TestingApi } from '../../src/extension';
import type { Sandbox } from '../sandbox';
import { children, sandboxed, setSetting, signIn, waitFor } from './support';

describe('Status bar', () => {
  let sandbox: Sandbox;
  let api: TestingApi;

  before(async () => {
    ({ sandbox, api } = await sandboxed({ leads: 20 }));
  });
  after(async () => {
    await setSetting('groupBy', undefined);
    await setSetting('apiBaseUrl', sandbox.url);
    await api.tokens.clear();
    await sandbox.close();
  });

  it('shows the API host and whether this window is signed in to it, as the token and the API URL change', async () => {
    const item = api.statusBar.item;
    const host = new URL(sandbox.url).host;
    await waitFor(() => item.text === `$(key) ${host}`, 'the signed-out state');
    assert.match(item.accessibilityInformation?.label ?? '', new RegExp(`Not signed in to ${host}`));
    assert.equal(item.command, 'topcalls.statusMenu');

    await signIn(sandbox);
    await waitFor(() => item.text === `$(account) ${host}`, 'the signed-in state');
    assert.match(item.accessibilityInformation?.label ?? '', new RegExp(`Signed in to ${host}`));

    // Another API has no token yet: signed out there.
    await setSetting('apiBaseUrl', 'http://127.0.0.1:9');
    await waitFor(() => item.text === '$(key) 127.0.0.1:9', 'the other API, signed out');
    await setSetting('apiBaseUrl', sandbox.url);
    await waitFor(() => item.text === `$(account) ${host}`, 'signed in again on the sandbox');
  });

  it("shows a bulk edit's progress while it runs, then the account again", async () => {
    const item = api.statusBar.item;
    const host = new URL(sandbox.url).host;
    await waitFor(() => item.text === `$(account) ${host}`, 'signed in');
    // Quick edits work on the leads the tree has loaded: all 20, in one flat list.
    await setSetting('groupBy', 'none');
    await waitFor(async () => (await children(api)).length === 20, 'all leads loaded');
    const leads = api.view.model.allLoaded().filter((lead: Lead) => lead.status !== 'Converted').slice(0, 6);
    assert.equal(leads.length, 6);
    sandbox.inject({ kind: 'delay', ms: 300, match: { method: 'PATCH' }, times: Infinity });
    try {
      const texts = new Set<string>();
      const watching = setInterval(() => texts.add(item.text), 20);
      const done = vscode.commands.executeCommand('topcalls.setStatus', undefined, leads.map((lead) => lead.id), 'Converted');
      await waitFor(() => /^\$\(sync~spin\) Setting status to Converted — \d of 6$/.test(item.text), 'the progress in the status bar');
      await done;
      clearInterval(watching);
      assert.ok([...texts].some((text) => / — [1-5] of 6$/.test(text)), `progress seen: ${[...texts].join(' | ')}`);
      await waitFor(() => item.text === `$(account) ${host}`, 'the account once the edit is over');
    } finally {
      sandbox.clearFaults();
    }
  });
});
