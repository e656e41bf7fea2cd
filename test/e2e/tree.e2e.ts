// Clicking through the Leads tree in the real workbench: expand, load more, filter.
import * as assert from 'node:assert/strict';
import { collapseTree, openSignedIn, startsWithText } from './session';
import { e2e, pickQuickPickItem, quickPickRows, runCommand, screenshot, treeItem, waitUntil } from './ui';

describe('Leads tree (e2e)', () => {
  before(async () => {
    await openSignedIn();
    await collapseTree();
  });

  it('expands a group, loads more, and filters by tag', async () => {
    const { page, sandbox } = e2e();
    const newLeads = sandbox.store.all().filter((l) => l.status === 'New');
    assert.ok(newLeads.length > 50, 'the sandbox has more New leads than one page');
    sandbox.clearRequests();

    const group = await treeItem(page, /^New\b/);
    await group.click();
    await treeItem(page, /Load more/);
    await waitUntil(async () => /50 loaded/.test((await group.innerText()) + (await group.getAttribute('aria-label'))), 10_000, 'the group to say 50 loaded');
    assert.ok(await page.getByRole('treeitem', { name: startsWithText(newLeads[0]!.name) }).first().isVisible());
    await screenshot(page, 'tree-expanded');

    await (await treeItem(page, /Load more/)).click();
    await waitUntil(() => sandbox.requests.filter((r) => r.path === '/v1/leads').length === 2, 10_000, 'the second page request');
    assert.ok(sandbox.requests[1]?.query.cursor, 'the second page was asked for with the cursor');

    await runCommand(page, 'TopCalls: Filter Leads…');
    await pickQuickPickItem(page, 'Tag');
    await quickPickRows(page).first().waitFor();
    await pickQuickPickItem(page, 'vip');
    await pickQuickPickItem(page, 'Apply');
    const title = page.locator('.part.sidebar .pane-header').filter({ hasText: /Leads/ }).first();
    await waitUntil(async () => /tag: vip/.test(await title.innerText()), 10_000, 'the filter in the view title');
    await (await treeItem(page, /^New\b/)).click().catch(() => undefined);
    await waitUntil(() => sandbox.requests.some((r) => r.query.tag === 'vip'), 10_000, 'a filtered request');
    await screenshot(page, 'tree-filtered');

    await runCommand(page, 'TopCalls: Clear Filter');
    await waitUntil(async () => !/tag: vip/.test(await title.innerText()), 10_000, 'the filter to clear');
  });
});

