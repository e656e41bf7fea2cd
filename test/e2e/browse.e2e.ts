// What the Leads view says about what is shown, in the real workbench: the active filter
// while the view is alone in its container (where VS Code hides the view's description),
// and phone numbers formatted for reading.
import * as assert from 'node:assert/strict';
import { formatPhoneForReading } from '../../src/shared/phoneFormat';
import { closeEverything, collapseAllGroups, expand, openSignedIn, refreshLeads, startsWithText } from './session';
import { e2e, pickQuickPickItem, runCommand, runCommandAndPick, screenshot, treeItem, waitUntil } from './ui';

describe('Seeing what you browse (e2e)', () => {
  before(async () => {
    await openSignedIn();
    await closeEverything();
    await refreshLeads();
  });

  it('shows phone numbers in the tree formatted for reading', async () => {
    const { page, sandbox } = e2e();
    await collapseAllGroups();
    const lead = sandbox.store.all().find((l) => l.status === 'Contacted' && l.name);
    assert.ok(lead, 'the sandbox has a named Contacted lead');
    const readable = formatPhoneForReading(lead.phone_number);
    assert.match(readable, /^\+\d+ \d/, 'the sandbox number has an international format with spaces');
    await expand(await treeItem(page, /^Contacted\b/));
    const row = await treeItem(page, startsWithText(`${lead.name},`), 20_000);
    const description = row.locator('.label-description').first();
    await waitUntil(async () => (await description.innerText()).startsWith(readable), 10_000, `the row to show ${readable}`);
    assert.ok(!(await description.innerText()).includes(lead.phone_number), 'the E.164 form is not what the row shows');
    await screenshot(page, 'tree-formatted-phones');
  });

  it('shows the active filter in the view and fills the filter button until it is cleared', async () => {
    const { page } = e2e();
    const sidebar = page.locator('.part.sidebar');
    const message = sidebar.locator('.message').filter({ hasText: /Filtered: tag: vip/ });
    const filled = sidebar.locator('.codicon-filter-filled');
    const plain = sidebar.locator('.action-label.codicon-filter');
    await sidebar.hover();
    await plain.first().waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await filled.count(), 0, 'no filled filter button without a filter');

    // Away from the tree, so no lead's hover covers the palette.
    await page.mouse.move(0, 0);
    await runCommandAndPick(page, 'TopCalls: Filter Leads…', 'Tag');
    await pickQuickPickItem(page, 'vip');
    await pickQuickPickItem(page, 'Apply');
    await message.first().waitFor({ state: 'visible', timeout: 10_000 });
    await sidebar.hover();
    await filled.first().waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await plain.count(), 0, 'the plain filter button makes way for the filled one');
    await screenshot(page, 'tree-filter-indicator');

    await page.mouse.move(0, 0);
    await runCommand(page, 'TopCalls: Clear Filter');
    await message.first().waitFor({ state: 'detached', timeout: 10_000 });
    await sidebar.hover();
    await plain.first().waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await filled.count(), 0, 'the filled filter button is gone with the filter');
  });
});
