// Clicking through the Leads tree in the real workbench: expand, load more, filter.
import * as assert from 'node:assert/strict';
import { closeEverything, expand, openSignedIn, refreshLeads, startsWithText } from './session';
import { e2e, pickQuickPickItem, runCommand, runCommandAndPick, screenshot, treeItem, waitUntil } from './ui';

describe('Leads tree (e2e)', () => {
  before(async () => {
    await openSignedIn();
    await closeEverything();
  });

  it('expands a group, loads more, and filters by tag', async () => {
    const { page, sandbox } = e2e();
    const newLeads = sandbox.store.all().filter((l) => l.status === 'New');
    assert.ok(newLeads.length > 50, 'the sandbox has more New leads than one page');
    await refreshLeads();

    const group = await treeItem(page, /^New\b/);
    await expand(group);
    const pages = () => sandbox.requests.filter((r) => r.path === '/v1/leads' && r.query.status === 'New');
    await waitUntil(() => pages().some((r) => !r.query.cursor), 10_000, 'the first page request');
    await waitUntil(async () => /\d+\+$/.test(await group.innerText()), 10_000, 'the group to say "50+": loaded so far, more on the server');
    const before = await group.innerText();
    await treeItem(page, startsWithText(newLeads[0]!.name));
    await screenshot(page, 'tree-expanded');

    // The list is virtual: scroll to its end to bring "Load more…" into view.
    const loadMore = page.getByRole('treeitem', { name: /Load more/ }).first();
    await page.locator('.part.sidebar .monaco-list').first().hover();
    for (let i = 0; i < 40 && !(await loadMore.isVisible()); i++) await page.mouse.wheel(0, 1_000);
    await loadMore.click();
    await waitUntil(() => pages().some((r) => r.query.cursor), 10_000, 'the second page, asked for with the cursor');
    await waitUntil(async () => (await group.innerText()) !== before, 10_000, 'the group count to grow');

    // Away from the tree, so no lead's hover covers the palette.
    await page.mouse.move(0, 0);
    await runCommandAndPick(page, 'TopCalls: Filter Leads…', 'Tag');
    // Typing also narrows the list of tags: earlier tests may have added many.
    await pickQuickPickItem(page, 'vip');
    await pickQuickPickItem(page, 'Apply');
    const title = page.locator('.part.sidebar .pane-header').filter({ hasText: /Leads/ }).first();
    await waitUntil(async () => /tag: vip/.test(await title.innerText()), 10_000, 'the filter in the view title');
    await expand(await treeItem(page, /^New\b/));
    await waitUntil(() => sandbox.requests.some((r) => r.query.tag === 'vip'), 10_000, 'a filtered request');
    // The view is alone in its container, where VS Code hides the description: the filter also shows above the tree.
    await page.locator('.part.sidebar .message').filter({ hasText: 'Filtered: tag: vip' }).first().waitFor({ timeout: 10_000 });
    await screenshot(page, 'tree-filtered');

    await runCommand(page, 'TopCalls: Clear Filter');
    await waitUntil(async () => !/tag: vip/.test(await title.innerText()), 10_000, 'the filter to clear');
  });
});

