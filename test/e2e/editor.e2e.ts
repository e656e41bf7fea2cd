// The lead form in the real workbench: typed into like a user would (tags left in the
// box included), saved with Ctrl+S, a server-side rejection shown on its field, and how it looks per theme.
import * as assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import type { Lead } from '../../src/api/schemas';
import { formatPhoneForReading } from '../../src/phoneFormat';
import {
  answerInputBox,
  clickActivityBarItem,
  e2e,
  escapeRegExp,
  inner,
  openWorkbench,
  quickInputBox,
  runCommand,
  screenshot,
  treeItem,
  webviewFrame,
} from './ui';
import { expand } from './session';

const NEW_PHONE = '+442079460958';

/** Picks a color theme by its label through the real theme picker. */
async function useTheme(page: Page, label: string): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  await quickInputBox(page).fill(label);
  await page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: label }).first().waitFor();
  await quickInputBox(page).press('Enter');
}

describe('lead editor', () => {
  let form: FrameLocator;
  let lead: Lead;

  before(async () => {
    const { page, sandbox, sandboxToken } = e2e();
    await openWorkbench(page);
    await clickActivityBarItem(page, 'TopCalls');
    await runCommand(page, 'TopCalls: Set API Token');
    await answerInputBox(page, sandboxToken);
    lead = sandbox.store.all().find((l) => l.status === 'New' && l.name)!;
    assert.ok(lead, 'the sandbox has a New lead');
    // Open the New group, then the lead from its row, as a user would.
    await expand(await treeItem(page, /^New\b/, 20_000));
    await (await treeItem(page, new RegExp(`^${escapeRegExp(lead.name)},`), 20_000)).click();
    form = webviewFrame(page);
    await inner(form, 'f-name').waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal(await inner(form, 'f-name').inputValue(), lead.name);
  });

  it('takes a phone typed with spaces and names its country, adds tags (typed ones too), appends a note and saves with Ctrl+S', async () => {
    const { page, sandbox } = e2e();
    const phone = inner(form, 'f-phone_number');
    await phone.click();
    await phone.press('ControlOrMeta+a');
    await phone.press('Backspace');
    await phone.pressSequentially('+44 20 7946 0958', { delay: 20 });
    assert.equal(await phone.inputValue(), '+44 20 7946 0958');
    // The hint names the country and shows the number as it reads, whatever spacing was typed.
    await form.locator('.country').filter({ hasText: 'United Kingdom · +44 20 7946 0958' }).waitFor();

    const tags = inner(form, 'f-tags');
    await tags.click();
    await tags.pressSequentially('e2e-first', { delay: 10 });
    await tags.press('Enter');
    await tags.pressSequentially('e2e-second,', { delay: 10 });
    await form.getByRole('button', { name: /e2e-second/ }).waitFor();
    // Typed but neither Enter nor comma: leaving the box makes it a chip.
    await tags.pressSequentially('e2e-left', { delay: 10 });

    await inner(form, 'f-notes_append').click();
    await form.getByRole('button', { name: /e2e-left/ }).waitFor();
    assert.equal(await tags.inputValue(), '');
    await inner(form, 'f-notes_append').pressSequentially('Called from the e2e suite', { delay: 5 });
    await screenshot(page, 'editor-dirty');

    // Typed, then a click on another chip's ×: the typed tag is kept and the click still removes that chip.
    await tags.click();
    await tags.pressSequentially('e2e-kept', { delay: 10 });
    await form.getByRole('button', { name: /e2e-first/ }).click();
    await form.getByRole('button', { name: /e2e-kept/ }).waitFor();
    await form.getByRole('button', { name: /e2e-first/ }).waitFor({ state: 'detached' });

    // Typed, and saved from the box itself: the tag is part of the save.
    await tags.click();
    await tags.pressSequentially('e2e-typed', { delay: 10 });
    sandbox.clearRequests();
    await page.keyboard.press('ControlOrMeta+s');
    await form.locator('.save-state').filter({ hasText: 'Saved' }).waitFor({ timeout: 15_000 });
    const patches = sandbox.requests.filter((r) => r.method === 'PATCH');
    assert.deepEqual(
      patches.map((r) => r.body),
      [{ phone_number: NEW_PHONE, tags: [...lead.tags, 'e2e-second', 'e2e-left', 'e2e-kept', 'e2e-typed'], notes_append: 'Called from the e2e suite' }],
    );
    // The form shows the server's copy: the note is in the notes, the append box is empty.
    assert.match(await inner(form, 'f-notes').inputValue(), /Called from the e2e suite/);
    assert.equal(await inner(form, 'f-notes_append').inputValue(), '');
    // The tree row updated in place.
    await treeItem(page, new RegExp(`^${escapeRegExp(lead.name)},.*${escapeRegExp(formatPhoneForReading(NEW_PHONE))}`));
  });

  it('shows a server-side 400 on its field and keeps the input', async () => {
    const { page, sandbox } = e2e();
    sandbox.inject({
      kind: 'status',
      status: 400,
      match: { method: 'PATCH' },
      body: { title: 'Validation failed', status: 400, errors: [{ path: 'name', message: 'This name is not allowed here' }] },
    });
    const name = inner(form, 'f-name');
    await name.fill('Rejected Name');
    await page.keyboard.press('ControlOrMeta+s');
    await form.locator('#f-name-error').filter({ hasText: 'This name is not allowed here' }).waitFor({ timeout: 15_000 });
    assert.equal(await form.locator('#f-name').getAttribute('aria-invalid'), 'true');
    assert.deepEqual((await form.locator('#f-name').getAttribute('aria-describedby'))?.split(' '), ['f-name-error', 'f-name-hint']);
    assert.equal(await form.locator('#f-name-error').getAttribute('aria-live'), 'polite');
    assert.equal(await name.inputValue(), 'Rejected Name');
    await form.locator('.banner').filter({ hasText: 'Validation failed' }).waitFor();
    await screenshot(page, 'editor-field-error');
    // In high contrast the error border has every border's colour: the field is marked another way too.
    await useTheme(page, 'Dark High Contrast');
    const outline = await form.locator('.field.invalid #f-name').evaluate((node) => node.ownerDocument.defaultView?.getComputedStyle(node).outlineStyle);
    assert.equal(outline, 'dashed');
    await page.waitForTimeout(500);
    await screenshot(page, 'editor-field-error-high-contrast');
    await useTheme(page, 'Dark Modern');
  });

  it('keeps unsaved input when the panel is hidden and after a window reload', async () => {
    const { page } = e2e();
    const name = inner(form, 'f-name');
    await name.fill('Unsaved edit');
    // A tag still in its box when the panel goes: it is kept as a chip.
    const tags = inner(form, 'f-tags');
    await tags.click();
    await tags.pressSequentially('e2e-hidden', { delay: 10 });
    const typedTag = form.getByRole('button', { name: /e2e-hidden/ });
    const tab = page.locator('.tabs-container .tab').filter({ hasText: lead.name });
    await tab.filter({ hasText: '●' }).waitFor();
    // Another editor in front: the form's webview is destroyed (no retainContextWhenHidden).
    await runCommand(page, 'File: New Untitled Text File');
    await tab.click();
    await inner(form, 'f-name').waitFor();
    assert.equal(await inner(form, 'f-name').inputValue(), 'Unsaved edit');
    await typedTag.waitFor();

    // As a user reloads: through the workbench, which saves its state (the panel's included) first.
    const reloaded = page.waitForEvent('load');
    await runCommand(page, 'Developer: Reload Window');
    await reloaded;
    await openWorkbench(page);
    form = webviewFrame(page);
    await inner(form, 'f-name').waitFor({ timeout: 30_000 });
    assert.equal(await inner(form, 'f-name').inputValue(), 'Unsaved edit');
    await form.getByRole('button', { name: /e2e-hidden/ }).waitFor();
    await page.locator('.tabs-container .tab').filter({ hasText: `● ${lead.name}` }).waitFor();
    await form.locator('#revert').click();
    assert.equal(await inner(form, 'f-name').inputValue(), lead.name);
    assert.equal(await form.getByRole('button', { name: /e2e-hidden/ }).count(), 0);
  });

  it('looks right in the light, dark and high-contrast themes', async () => {
    const { page } = e2e();
    for (const [theme, file] of [
      ['Light Modern', 'editor-light'],
      ['Dark Modern', 'editor-dark'],
      ['Dark High Contrast', 'editor-high-contrast'],
    ] as const) {
      await useTheme(page, theme);
      await inner(form, 'f-name').waitFor();
      await page.waitForTimeout(500);
      await screenshot(page, file);
    }
    await useTheme(page, 'Dark Modern');
  });

  after(async () => {
    // Leave the workbench as the next file expects it: no editors, the Explorer in the side bar.
    const { page } = e2e();
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'View: Show Explorer');
  });
});
