// A lead edited as JSON in the real editor: Open Lead as JSON from the palette,
// an edit typed with Find/Replace, Ctrl+S, and the tree showing the result; then VS Code's own
// "newer on disk" dialog after a change on TopCalls, answered with Overwrite, then with Compare.
import * as assert from 'node:assert/strict';
import type { Lead } from '../../src/shared/schemas';
import { closeEverything, collapseAllGroups, expand, openSignedIn, refreshLeads, startsWithText } from './session';
import { e2e, runCommand, screenshot, treeItem, waitForNotification, waitUntil } from './ui';

/** Replaces every `find` with `replacement` in the active text editor, with the editor's own Replace widget. */
async function replaceInEditor(find: string, replacement: string): Promise<void> {
  const { page } = e2e();
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+H');
  const findInput = page.locator('.find-widget textarea[aria-label="Find"], .find-widget .input[aria-label="Find"]').first();
  await findInput.waitFor({ state: 'visible', timeout: 10_000 });
  await findInput.fill(find);
  const replaceInput = page.locator('.find-widget textarea[aria-label="Replace"], .find-widget .input[aria-label="Replace"]').first();
  await replaceInput.fill(replacement);
  await replaceInput.press('Control+Alt+Enter');
  await page.keyboard.press('Escape');
}

/** The active editor's text as rendered (only the lines on screen). */
async function editorText(): Promise<string> {
  return (await e2e().page.locator('.editor-instance .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
}

describe('Lead as JSON (e2e)', () => {
  let lead: Lead;

  before(async () => {
    await openSignedIn();
    await closeEverything();
    await refreshLeads();
    const { page, sandbox } = e2e();
    // Other files leave groups open: with New alone open, its first rows are on screen.
    await collapseAllGroups();
    await expand(await treeItem(page, /^New\b/));
    // A plain name (hostile ones planted by other files render slowly), and one no other file edits.
    const found = sandbox.store.all().find((l) => l.status === 'New' && /^[\p{L}]+ [\p{L}]+$/u.test(l.name) && l.tags.length === 0);
    assert.ok(found, 'a plain New lead');
    lead = found;
  });

  after(async () => {
    await closeEverything();
    await collapseAllGroups();
  });

  it('opens the selected lead as JSON from the palette, saves a typed edit with Ctrl+S, and the tree shows it', async () => {
    const { page, sandbox } = e2e();
    // A click selects the lead (and previews its form); the command then opens the same document as JSON.
    await (await treeItem(page, startsWithText(lead.name))).click();
    await runCommand(page, 'TopCalls: Open Lead as JSON');
    await waitUntil(async () => (await editorText()).includes(`"name": "${lead.name}"`), 15_000, 'the JSON to show the lead');

    sandbox.clearRequests();
    const renamed = `${lead.name} Jr`;
    await replaceInEditor(`"name": "${lead.name}"`, `"name": "${renamed}"`);
    await page.keyboard.press('Control+S');
    await waitUntil(() => sandbox.store.get(lead.id)?.name === renamed, 15_000, 'the PATCH to reach the sandbox');
    assert.deepEqual(
      sandbox.requests.filter((r) => r.method === 'PATCH').map((r) => r.body),
      [{ name: renamed }],
    );
    await treeItem(page, startsWithText(renamed));
    // Saved: no dirty marker on the tab.
    await waitUntil(async () => !(await page.locator('.tabs-container .tab.dirty').count()), 10_000, 'the tab to be saved');
    await screenshot(page, 'lead-json-saved');
  });

  it("asks before overwriting a change made on TopCalls, and Overwrite sends only the user's field", async () => {
    const { page, sandbox } = e2e();
    await replaceInEditor('"status": "New"', '"status": "Contacted"');
    // A colleague renames the lead meanwhile (a longer name: VS Code compares sizes too).
    const theirs = `${lead.name} (their edit)`;
    sandbox.store.put({ ...(sandbox.store.get(lead.id) as Lead), name: theirs });
    sandbox.clearRequests();
    await page.keyboard.press('Control+S');
    const toast = await waitForNotification(page, /newer/i);
    assert.equal(sandbox.requests.filter((r) => r.method === 'PATCH').length, 0, 'nothing is sent before the user chooses');
    await screenshot(page, 'lead-json-conflict');
    await toast.getByRole('button', { name: 'Overwrite' }).click();
    await waitUntil(() => sandbox.store.get(lead.id)?.status === 'Contacted', 15_000, 'the PATCH to reach the sandbox');
    assert.deepEqual(
      sandbox.requests.filter((r) => r.method === 'PATCH').map((r) => r.body),
      [{ status: 'Contacted' }],
    );
    assert.equal(sandbox.store.get(lead.id)?.name, theirs, "their rename stays: it was not the user's change");
    await waitUntil(async () => (await editorText()).includes(`"name": "${theirs}"`), 15_000, 'the document to show the lead as saved');
  });

  it("Compare in the same dialog shows TopCalls' copy beside the user's, and Revert File then takes TopCalls'", async () => {
    const { page, sandbox } = e2e();
    await replaceInEditor('"status": "Contacted"', '"status": "Converted"');
    const theirs = `${(sandbox.store.get(lead.id) as Lead).name} again`;
    sandbox.store.put({ ...(sandbox.store.get(lead.id) as Lead), name: theirs });
    sandbox.clearRequests();
    await page.keyboard.press('Control+S');
    const toast = await waitForNotification(page, /newer/i);
    await toast.getByRole('button', { name: 'Compare' }).click();
    // VS Code's save-conflict diff: TopCalls' copy ("in file") against the document (side by side, or inline when narrow).
    await page.locator('.tabs-container .tab').filter({ hasText: '(in file) ↔' }).first().waitFor({ timeout: 15_000 });
    const diff = page.locator('.monaco-diff-editor').first();
    const diffText = async (): Promise<string> => (await diff.innerText().catch(() => '')).replace(/\u00a0/g, ' ');
    await waitUntil(
      async () => {
        const text = await diffText();
        return text.includes(`"name": "${theirs}"`) && text.includes('"status": "Converted"');
      },
      15_000,
      "the diff to show TopCalls' name and the user's status",
    );
    assert.equal(sandbox.requests.filter((r) => r.method === 'PATCH').length, 0, 'comparing sends nothing');
    await screenshot(page, 'lead-json-compare');
    await runCommand(page, 'File: Revert File');
    await waitUntil(async () => !(await page.locator('.tabs-container .tab.dirty').count()), 10_000, 'the document to be reverted');
    // The document is TopCalls' copy now: their name, and the user's status gone.
    const shown = async (): Promise<string> =>
      (await page.locator('.editor-instance .monaco-editor .view-lines').allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');
    await waitUntil(
      async () => {
        const text = await shown();
        return text.includes(`"name": "${theirs}"`) && !text.includes('"status": "Converted"');
      },
      10_000,
      "the document to show TopCalls' copy",
    );
    assert.equal(sandbox.requests.filter((r) => r.method === 'PATCH').length, 0, 'reverting sends nothing');
    assert.equal(sandbox.store.get(lead.id)?.status, 'Contacted');
  });
});
