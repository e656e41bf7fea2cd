// Lead names and server messages in notifications stay text: VS Code renders
// `[label](command:…)` in a notification as a link that runs the command when clicked.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Lead } from '../../src/shared/schemas';
import type { TestingApi } from '../../src/extension';
import { captureNotifications, type Notifications } from '../reliability/inEditor';
import type { Sandbox } from '../sandbox';
import { children, sandboxed, signIn, waitFor } from './support';

/** VS Code's notification link syntax (parseLinkedText in src/vs/base/common/linkedText.ts, 1.100 to 1.139). */
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
const HOSTILE_NAME = '[Click me](command:workbench.action.openSettings "Click me")';

describe('notifications show data as text', () => {
  let sandbox: Sandbox;
  let api: TestingApi;
  let notes: Notifications;

  before(async function () {
    this.timeout(30_000);
    ({ sandbox, api } = await sandboxed({ leads: 6 }));
    await signIn(sandbox);
    await waitFor(async () => (await children(api)).length === 4, 'the status groups');
    notes = await captureNotifications();
  });
  after(async () => {
    notes.restore();
    await api.view.setFilters({});
    await vscode.commands.executeCommand('notifications.clearAll');
    await api.tokens.clear();
    await sandbox.close();
  });

  it('Go to Lead by Phone on a lead named like a command link, hidden by a filter: the notification has its name and no link', async function () {
    this.timeout(20_000);
    const seeded = sandbox.store.all()[0] as Lead;
    const lead = sandbox.store.put({ ...seeded, name: HOSTILE_NAME, status: 'Contacted' });
    await api.view.setFilters({ status: 'New' });
    const mark = notes.shown.length;
    const going = vscode.commands.executeCommand('topcalls.goToPhone', lead.phone_number);
    await waitFor(() => notes.since(mark).some((s) => s.text.includes('hidden by the current filter')), 'the hidden-by-filter notification', 10_000);
    await vscode.commands.executeCommand('notifications.clearAll');
    await going;
    const shown = notes.since(mark).find((s) => s.text.includes('hidden by the current filter'));
    assert.ok(shown);
    assert.deepEqual([...shown.text.matchAll(VSCODE_LINK)].map((m) => m[0]), [], `no link in: ${shown.text}`);
    assert.ok(shown.text.replace(/\u200b/g, '').includes(HOSTILE_NAME), 'the name is shown as written');
  });

  it('Go to Lead by Phone with an extension or letters: refused, saying why, and nothing is looked up', async function () {
    for (const [typed, why] of [
      ['+1 415 555 2671 ext. 42', /does not store extensions/],
      ['+16173106876abc', /cannot contain letters/],
    ] as const) {
      const mark = notes.shown.length;
      sandbox.clearRequests();
      const found = await vscode.commands.executeCommand('topcalls.goToPhone', typed);
      assert.equal(found, undefined);
      assert.deepEqual(sandbox.requests.filter((r) => r.query.phone !== undefined), [], `${typed} was not looked up`);
      assert.ok(notes.since(mark).some((s) => s.kind === 'error' && why.test(s.text)), JSON.stringify(notes.since(mark)));
    }
  });

  it('a server message shaped like a command link, in an error notification: no link', async function () {
    this.timeout(20_000);
    // Every request, as the tree may load a group meanwhile; a 400 is not retried.
    sandbox.inject({ kind: 'status', status: 400, body: { title: 'Bad request', detail: '[Fix it](command:workbench.action.openSettings)', status: 400 }, times: Infinity });
    const mark = notes.shown.length;
    try {
      await vscode.commands.executeCommand('topcalls.goToPhone', (sandbox.store.all()[1] as Lead).phone_number);
    } finally {
      sandbox.clearFaults();
    }
    const shown = notes.since(mark).filter((s) => s.kind === 'error');
    assert.ok(shown.some((s) => s.text.replace(/\u200b/g, '').includes('[Fix it](command:workbench.action.openSettings)')), JSON.stringify(shown));
    for (const s of shown) assert.deepEqual([...s.text.matchAll(VSCODE_LINK)].map((m) => m[0]), [], `no link in: ${s.text}`);
  });
});
