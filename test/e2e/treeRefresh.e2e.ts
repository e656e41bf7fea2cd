// The rows VS Code renders under a group after it changes: Load more, and a lead moving
// out of it. VS Code 1.100 refused to register the group's children again ("Element with
// id lead:… is already registered") and showed none, while the model held them all.
import * as assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { closeEverything, collapseAllGroups, expand, openSignedIn, signOut, startsWithText } from './session';
import { answerInputBox, e2e, type BrowserElement, inner, notifications, runCommand, runCommandAndPick, treeItem, waitUntil, webviewFrame } from './ui';

/** The tree rows one level under a group, as the workbench renders them. */
function childRows(page: Page): Locator {
  return page.locator('.part.sidebar .monaco-list-row[aria-level="2"]');
}

/**
 * How many children the workbench holds for the group the first rendered child belongs to:
 * the list is virtual, but every rendered row states its set's size (`aria-setsize`).
 */
async function renderedChildCount(page: Page): Promise<number> {
  const row = childRows(page).first();
  if (!(await row.isVisible().catch(() => false))) return 0;
  return Number(await row.getAttribute('aria-setsize'));
}

async function assertNoTreeError(page: Page): Promise<void> {
  const shown = await notifications(page);
  assert.ok(!shown.some((text) => /already registered|tree/i.test(text)), `no tree error is shown; shown: ${JSON.stringify(shown)}`);
}

describe('Leads tree rows after a change (e2e)', () => {
  before(async () => {
    await openSignedIn();
    await closeEverything();
  });

  after(() => e2e().sandbox.clearFaults());

  it('renders every row of a group after Load more and after a lead moves out of it', async () => {
    const { page, sandbox, sandboxToken } = e2e();
    await collapseAllGroups();
    // As a new user on a real network: sign in, then open New while the first answers are on their way.
    sandbox.inject({ kind: 'delay', ms: 300, match: { method: 'GET', path: '/v1/leads' }, times: Infinity });
    await signOut();
    sandbox.clearRequests();
    await runCommand(page, 'TopCalls: Set API Token');
    await answerInputBox(page, sandboxToken);
    const pages = () => sandbox.requests.filter((r) => r.path === '/v1/leads' && r.query.status === 'New');
    // Only New is open: every level-2 row is one of its children.
    await expand(await treeItem(page, /^New\b/));
    await waitUntil(() => pages().length > 0, 10_000, 'the first page request');
    const pageSize = Number(pages()[0]!.query.limit);
    const newCount = sandbox.store.all().filter((l) => l.status === 'New').length;
    assert.ok(newCount > 2 * pageSize, `the sandbox has more than two pages of New leads (${newCount}, pages of ${pageSize})`);
    await waitUntil(async () => (await renderedChildCount(page)) === pageSize + 1, 15_000, 'the first page and Load more');

    const loadMore = page.getByRole('treeitem', { name: /Load more/ }).first();
    await page.locator('.part.sidebar .monaco-list').first().hover();
    for (let i = 0; i < 40 && !(await loadMore.isVisible()); i++) await page.mouse.wheel(0, 1_000);
    await loadMore.click();
    await waitUntil(async () => (await renderedChildCount(page)) === 2 * pageSize + 1, 15_000, 'two pages of rows and Load more');
    await assertNoTreeError(page);

    // Move a plain lead of those on screen out of New.
    await page.mouse.wheel(0, -100_000);
    // Not the first rows: the group's row sticks to the top of the list and covers them.
    const labels = (await childRows(page).evaluateAll((rows) => rows.map((r) => (r as unknown as BrowserElement).getAttribute('aria-label') ?? ''))).slice(5);
    const all = sandbox.store.all();
    // Seeded names repeat: take one that only this lead has, so the row is this lead's.
    const lead = all.find(
      (l) =>
        l.status === 'New' &&
        /^[\p{L}]+ [\p{L}]+$/u.test(l.name) &&
        all.filter((other) => other.name === l.name).length === 1 &&
        labels.some((label) => label.startsWith(`${l.name},`)),
    );
    assert.ok(lead, `a plain New lead is on screen; rows: ${JSON.stringify(labels)}`);
    const row = await treeItem(page, startsWithText(lead.name));
    await row.click();
    await inner(webviewFrame(page), 'f-name').waitFor({ state: 'visible', timeout: 20_000 });
    await page.waitForTimeout(500);
    await runCommandAndPick(page, 'TopCalls: Set Status…', 'Contacted');
    await waitUntil(() => sandbox.store.get(lead.id)?.status === 'Contacted', 10_000, 'the PATCH to reach the sandbox');
    await waitUntil(async () => (await renderedChildCount(page)) === 2 * pageSize, 15_000, 'New to keep its other rows');
    await assertNoTreeError(page);
    assert.equal(await page.locator('.part.sidebar').getByRole('treeitem', { name: startsWithText(lead.name) }).count(), 0);
  });
});
