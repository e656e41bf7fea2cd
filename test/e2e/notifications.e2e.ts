// [reliability] A lead named like a command link, in a notification of the real workbench:
// the toast shows the name as text, with no link to click (VS Code renders
// `[label](command:…)` in a notification as a link that runs the command).
import * as assert from 'node:assert/strict';
import type { Lead } from '../../src/shared/schemas';
import { closeEverything, openSignedIn, refreshLeads } from './session';
import { answerInputBox, e2e, pickQuickPickItem, runCommand, runCommandAndPick, screenshot, waitForNotification, waitUntil } from './ui';

const HOSTILE_NAME = '[Click me](command:workbench.action.openSettings "Click me")';

describe('[reliability] notifications in the workbench', () => {
  before(async function () {
    this.timeout(120_000);
    await openSignedIn();
    await closeEverything();
  });

  it('Go to Lead by Phone on a lead named like a command link, hidden by a filter: the toast has no link', async function () {
    this.timeout(120_000);
    const { page, sandbox } = e2e();
    const lead = sandbox.store.put({ ...(sandbox.store.all().find((l) => l.status === 'Contacted') as Lead), name: HOSTILE_NAME });
    await refreshLeads();
    await page.mouse.move(0, 0);
    const title = page.locator('.part.sidebar .pane-header').filter({ hasText: /Leads/ }).first();
    try {
      await runCommandAndPick(page, 'TopCalls: Filter Leads…', 'Status');
      await pickQuickPickItem(page, 'New');
      await pickQuickPickItem(page, 'Apply');
      await waitUntil(async () => /New/.test(await title.innerText()), 10_000, 'the status filter in the view title');

      await runCommand(page, 'TopCalls: Go to Lead by Phone…');
      await answerInputBox(page, lead.phone_number);
      const toast = await waitForNotification(page, /hidden by the current filter/);
      await screenshot(page, 'notification-hostile-name');
      const message = toast.locator('.notification-list-item-message');
      assert.equal(await message.locator('a').count(), 0, 'no link in the toast');
      assert.ok((await message.innerText()).replace(/\u200b/g, '').includes(HOSTILE_NAME), 'the name is shown as written');
    } finally {
      await runCommand(page, 'Notifications: Clear All Notifications').catch(() => undefined);
      await runCommand(page, 'TopCalls: Clear Filter');
    }
  });
});
