// The token: SecretStorage only, per API URL, checked before it is kept.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { captureNotifications, openForm, shownNotice } from '../reliability/inEditor';
import type { Sandbox } from '../sandbox';
import { SANDBOX_ACCOUNT_ID } from '../sandbox/seed';
import { accept, answeringModals, children, listQueries, messageOf, sandboxed, setSetting, settings, signIn, signOut, waitFor, watchInputBoxes } from './support';

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
    const manifest = vscode.extensions.getExtension('topcalls.topcalls-leads')?.packageJSON as { contributes: { viewsWelcome?: unknown[] } } | undefined;
    const welcome = (manifest?.contributes.viewsWelcome ?? []) as {
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

  it('keeps the sign-in box open when TopCalls rejects a token, with the reason in it and what was typed kept', async () => {
    const boxes = watchInputBoxes();
    const notes = await captureNotifications();
    try {
      sandbox.clearRequests();
      const stored = vscode.commands.executeCommand<boolean>('topcalls.setToken');
      const box = await boxes.next();
      assert.equal(box.password, true, 'the token is not shown');
      box.value = 'tc_not_the_right_one';
      await accept();
      await waitFor(() => !box.busy && messageOf(box).includes("TopCalls didn't accept this token"), 'the reason in the box', 15_000);
      assert.equal(box.value, 'tc_not_the_right_one', 'what was typed is kept');
      assert.ok(!/Authorization|Bearer|401/.test(messageOf(box)), `in the user's words: ${messageOf(box)}`);
      assert.deepEqual(sandbox.requests.map((r) => r.authorized), [false], 'one request checked it');
      assert.equal(await api.tokens.get(), sandbox.token, 'the token it had is kept');
      assert.ok(!notes.shown.some((s) => s.kind === 'error'), `no notification instead: ${JSON.stringify(notes.shown)}`);

      const mark = notes.shown.length;
      box.value = sandbox.token;
      await accept();
      assert.equal(await stored, true, 'the corrected token is stored');
      const host = new URL(sandbox.url).host;
      const said = notes.since(mark).map((s) => s.text);
      assert.ok(
        said.includes(`Signed in to TopCalls at ${host} (account ${SANDBOX_ACCOUNT_ID.slice(0, 8)}…).`),
        `names the host and the account, shortened: ${JSON.stringify(said)}`,
      );
    } finally {
      boxes.restore();
      notes.restore();
    }
  });

  it('Sign Out asks first, naming the API URL, and does nothing on Cancel', async () => {
    sandbox.clearRequests();
    const { result, modals } = await answeringModals(undefined, () => vscode.commands.executeCommand<boolean>('topcalls.signOut'));
    assert.equal(result, false);
    assert.equal(modals.length, 1);
    assert.ok(`${modals[0]!.message} ${modals[0]!.detail}`.includes(sandbox.url), JSON.stringify(modals));
    assert.deepEqual(modals[0]!.actions, ['Sign Out']);
    assert.equal(await api.tokens.get(), sandbox.token, 'still signed in');
  });

  it("is the TopCalls account of VS Code's Accounts menu: the stored token of the URL, named by host and account", async () => {
    const sessions = await api.authProvider.getSessions();
    assert.equal(sessions.length, 1);
    const [session] = sessions;
    assert.equal(session!.accessToken, sandbox.token, 'read from SecretStorage');
    assert.equal(session!.id, sandbox.url);
    assert.equal(session!.account.label, `${new URL(sandbox.url).host} (account ${SANDBOX_ACCOUNT_ID.slice(0, 8)}…)`);
  });

  it('Sign Out in the Accounts menu (removeSession) signs out without asking again, and VS Code hears of it', async () => {
    const heard: string[] = [];
    const listening = vscode.authentication.onDidChangeSessions((event) => heard.push(event.provider.id));
    try {
      const { modals } = await answeringModals(undefined, () => api.authProvider.removeSession(sandbox.url));
      assert.deepEqual(modals, [], 'VS Code has asked already');
      assert.equal(await api.tokens.get(), undefined);
      assert.deepEqual(await api.authProvider.getSessions(), []);
      await waitFor(() => heard.includes('topcalls'), 'the sessions change to reach VS Code');
    } finally {
      listening.dispose();
    }
  });

  it('signs in from the Accounts menu (createSession) with the same box', async () => {
    const boxes = watchInputBoxes();
    try {
      const creating = api.authProvider.createSession();
      const box = await boxes.next();
      box.value = sandbox.token;
      await accept();
      const session = await creating;
      assert.equal(session.accessToken, sandbox.token);
      assert.equal(await api.tokens.get(), sandbox.token);
    } finally {
      boxes.restore();
    }
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
    await signOut();
    assert.equal(await api.context.secrets.get(api.tokens.key()), undefined);
    await waitFor(async () => (await children(api)).length === 0, 'the welcome state');
  });

  it('an open form says it is signed out, keeps its changes, and saves them after sign-in', async function () {
    this.timeout(30_000);
    await signIn(sandbox);
    const lead = sandbox.store.all()[0]!;
    const form = await openForm(api, lead);
    try {
      await form.form.handleMessage({ type: 'edit', seq: 1, field: 'name', value: 'Saved After Sign-In' });
      await signOut();
      const notice = shownNotice(form);
      assert.ok(notice?.signIn, JSON.stringify(form.posted));
      assert.match(notice.message, /Signed out of TopCalls .*Your changes are kept/);
      // The edit is in the document, which nothing replaced.
      assert.ok(form.document.isDirty);
      assert.equal((JSON.parse(form.document.getText()) as { name: string }).name, 'Saved After Sign-In');

      await signIn(sandbox);
      assert.equal(await form.document.save(), true);
      assert.equal(sandbox.store.get(lead.id)?.name, 'Saved After Sign-In');
      assert.equal(shownNotice(form), undefined, 'the save clears the notice');
    } finally {
      await form.dispose();
    }
  });
});
