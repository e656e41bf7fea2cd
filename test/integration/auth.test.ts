// The token: SecretStorage only, per API URL, checked before it is kept.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { captureNotifications } from '../reliability/inEditor';
import type { Sandbox } from '../sandbox';
import { children, listQueries, sandboxed, setSetting, settings, signIn, waitFor } from './support';

describe('API token', () => {
  let sandbox: Sandbox;
  let api: TestingApi;

  before(async () => {
    ({ sandbox, api } = await sandboxed());
  });
  after(async () => {
    await api.tokens.clear();
    await sandbox.close();
  });

  it('activates without a token and shows the welcome state (no tree items, no requests)', async () => {
    assert.equal(await api.tokens.get(), undefined);
    sandbox.clearRequests();
    assert.deepEqual(await children(api), []);
    assert.equal(sandbox.requests.length, 0);
    const welcome = (vscode.extensions.getExtension('topcalls.topcalls-leads')?.packageJSON.contributes.viewsWelcome ?? []) as {
      view: string;
      when: string;
      contents: string;
    }[];
    assert.ok(welcome.some((w) => w.view === 'topcalls.leads' && w.when === '!topcalls.signedIn' && w.contents.includes('command:topcalls.setToken')));
  });

  it('stores the token in SecretStorage only, after checking it with one request', async () => {
    sandbox.clearRequests();
    await signIn(sandbox);
    assert.equal(await api.context.secrets.get(api.tokens.key()), sandbox.token);
    assert.equal(sandbox.requests.length, 1, 'one request checks the token');
    assert.equal(sandbox.requests[0]?.authorized, true);

    const inspected = JSON.stringify(
      ['apiBaseUrl', 'pageSize', 'requestTimeoutMs', 'groupBy'].map((key) => settings().inspect(key)),
    );
    assert.ok(!inspected.includes(sandbox.token), 'token found in settings');
    for (const memento of [api.context.globalState, api.context.workspaceState]) {
      const dump = JSON.stringify(memento.keys().map((key) => [key, memento.get(key)]));
      assert.ok(!dump.includes(sandbox.token), 'token found in extension state');
    }
  });

  it('loads leads once signed in', async () => {
    await waitFor(async () => (await children(api)).length === 4, 'the four status groups');
  });

  it('refuses a token the API rejects, keeping the one it had', async () => {
    const stored = await vscode.commands.executeCommand<boolean>('topcalls.setToken', 'tc_not_the_right_one');
    assert.equal(stored, false);
    assert.equal(await api.tokens.get(), sandbox.token);
  });

  it('refuses a pasted token with an invisible or control character, saying which, and sends it nowhere', async () => {
    const notes = await captureNotifications();
    try {
      for (const [kind, pasted] of [
        ['invisible', `${sandbox.token}\u200b`],
        ['invisible', `\ufeff${sandbox.token}`],
        ['control', `${sandbox.token.slice(0, 4)}\u0007${sandbox.token.slice(4)}`],
      ] as const) {
        const mark = notes.shown.length;
        sandbox.clearRequests();
        const stored = await vscode.commands.executeCommand<boolean>('topcalls.setToken', pasted);
        assert.equal(stored, false, kind);
        assert.equal(sandbox.requests.length, 0, 'not sent to check it');
        assert.equal(await api.tokens.get(), sandbox.token, 'the token it had is kept');
        const shown = notes.since(mark).map((s) => s.text);
        assert.ok(shown.some((text) => text.includes(`${kind === 'invisible' ? 'an invisible' : 'a control'} character`)), JSON.stringify(shown));
        assert.ok(!shown.some((text) => text.includes(sandbox.token)), 'the token is not shown');
      }
    } finally {
      notes.restore();
    }
  });

  it('reads topcalls.apiBaseUrl on every request, and keeps one token per URL', async () => {
    const { startSandbox } = await import('../sandbox');
    const other = await startSandbox({ leads: 5, token: 'tc_test_other_environment' });
    try {
      await setSetting('apiBaseUrl', other.url);
      await waitFor(async () => (await api.tokens.get()) === undefined, 'the other URL to have no token yet');
      await signIn(other);
      await api.client.listLeads();
      assert.ok(listQueries(other).length >= 2, 'requests went to the new URL');
      await setSetting('apiBaseUrl', sandbox.url);
      await waitFor(async () => (await api.tokens.get()) === sandbox.token, 'the first URL to keep its token');
      sandbox.clearRequests();
      await api.client.listLeads();
      assert.equal(listQueries(sandbox).length, 1);
    } finally {
      await setSetting('apiBaseUrl', sandbox.url);
      await other.close();
    }
  });

  it('signs out: the secret is gone and the view is back to its welcome state', async () => {
    await vscode.commands.executeCommand('topcalls.signOut');
    assert.equal(await api.context.secrets.get(api.tokens.key()), undefined);
    await waitFor(async () => (await children(api)).length === 0, 'the welcome state');
  });
});
