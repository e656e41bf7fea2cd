// Opening leads from the tree as the Explorer opens files: a click previews (an italic tab
// the next click replaces), and Space opens the focused lead while the focus stays in the tree.
import * as assert from 'node:assert/strict';
import type { Lead } from '../../src/shared/schemas';
import { closeEverything, collapseAllGroups, expand, openSignedIn, refreshLeads, startsWithText } from './session';
import { e2e, treeItem, waitUntil } from './ui';

/** The tab of a lead's document (the form's or the JSON's: both are named by the lead id). */
function tabOf(lead: Lead) {
  return e2e().page.locator('.tabs-container .tab').filter({ hasText: `${lead.id}.json` });
}

/**
 * Clicks a lead's row until its tab shows. After a refresh VS Code 1.100 can draw rows with
 * commands it has already replaced ("Actual command not found" on every click, see the issue
 * notes); closing and opening the group draws them again, as a user would.
 */
async function clickOpen(lead: Lead): Promise<void> {
  const { page } = e2e();
  for (let attempt = 1; ; attempt++) {
    await (await treeItem(page, startsWithText(lead.name))).click();
    const shown = await tabOf(lead)
      .first()
      .waitFor({ timeout: 7_000 })
      .then(() => true)
      .catch(() => false);
    if (shown) return;
    if (attempt === 3) throw new Error(`three clicks on ${lead.name} opened no tab`);
    await page.keyboard.press('Escape');
    const group = await treeItem(page, new RegExp(`^${lead.status}\\b`));
    await group.click();
    await expand(group);
  }
}

describe('Preview tabs (e2e)', () => {
  let leads: Lead[];

  before(async () => {
    await openSignedIn();
    await closeEverything();
    await refreshLeads();
    const { page, sandbox } = e2e();
    await collapseAllGroups();
    await expand(await treeItem(page, /^Unsubscribed\b/));
    // Two plain names (hostile ones planted by other files render slowly), one after another in the group.
    leads = sandbox.store
      .all()
      .filter((l) => l.status === 'Unsubscribed' && /^[\p{L}]+ [\p{L}]+$/u.test(l.name))
      .slice(0, 2);
    assert.equal(leads.length, 2, 'two plain Unsubscribed leads');
  });

  after(async () => {
    await closeEverything();
    await collapseAllGroups();
  });

  it('previews a clicked lead in an italic tab that the next click replaces', async () => {
    const { page } = e2e();
    const [first, second] = leads as [Lead, Lead];
    await clickOpen(first);
    await waitUntil(async () => (await tabOf(first).locator('.monaco-icon-label.italic').count()) === 1, 10_000, 'the tab to be a preview');
    await clickOpen(second);
    await waitUntil(async () => (await tabOf(first).count()) === 0, 10_000, 'the preview of the first lead to make way');
    assert.equal(await page.locator('.tabs-container .tab').count(), 1, 'one tab: the preview was reused');
    assert.ok(await focusInTree(), 'a click leaves the focus in the Leads view');
  });

  it('opens the next lead with Space after the arrow key, leaving the focus in the tree', async () => {
    const { page, sandbox } = e2e();
    const [first] = leads as [Lead, Lead];
    await closeEverything();
    // A click previews the lead and leaves the focus on its row.
    await clickOpen(first);
    assert.ok(await focusInTree(), 'a click leaves the focus in the Leads view');
    await page.keyboard.press('ArrowDown');
    const label = (await page.locator('.part.sidebar .monaco-list-row.focused').first().getAttribute('aria-label')) ?? '';
    const next = sandbox.store.all().find((l) => label.startsWith(`${l.name},`));
    assert.ok(next && next.id !== first.id, `the arrow moved to another lead: ${label}`);
    await page.keyboard.press('Space');
    await tabOf(next).first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(500);
    assert.ok(await focusInTree(), 'the focus stays in the Leads view');
  });
});

/** Whether the keyboard focus is in the side bar (the Leads view). */
async function focusInTree(): Promise<boolean> {
  return e2e().page.evaluate<boolean>("Boolean(document.activeElement?.closest('.part.sidebar'))");
}
