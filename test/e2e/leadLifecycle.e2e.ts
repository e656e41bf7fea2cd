// "New Lead…" from the real command palette, through each of its steps, then "Delete Lead"
// from the row's context menu and its modal confirmation: the lead is made once and gone after.
import * as assert from 'node:assert/strict';
import { SAMPLE_LIST_IDS } from '../sandbox/seed';
import { closeEverything, modalDialog, openSignedIn, refreshLeads, startsWithText } from './session';
import { answerInputBox, e2e, pickQuickPickItem, quickInput, quickInputBox, runCommand, runContextMenuItem, screenshot, treeItem, waitUntil } from './ui';

const NAME = 'Mary Jackson';
const PHONE = '+14155550166';

describe('Lead life (e2e)', () => {
  before(async () => {
    await openSignedIn();
    await closeEverything();
    await refreshLeads();
  });

  /** Waits until the quick input shows New Lead's step `n`: each step replaces the one before. */
  async function atStep(n: number): Promise<void> {
    const { page } = e2e();
    await waitUntil(async () => (await quickInput(page).innerText().catch(() => '')).includes(`New Lead (${n}/6)`), 15_000, `New Lead's step ${n}`);
  }

  it('creates a lead from the palette, shows it selected, and deletes it from its context menu', async () => {
    const { page, sandbox } = e2e();
    const list = SAMPLE_LIST_IDS[1] as string;
    await runCommand(page, 'TopCalls: New Lead…');
    await atStep(1);
    await answerInputBox(page, NAME);
    await atStep(2);
    // Checked as typed: a number too short says so; a national one says which number it is read as (the display language's region, US).
    const box = quickInputBox(page);
    await box.fill('+1 415');
    await waitUntil(async () => (await quickInput(page).innerText()).includes('Not a valid phone number'), 10_000, 'the phone check');
    await box.fill('415 555 0166');
    await waitUntil(async () => (await quickInput(page).innerText()).includes('Creates +1 415 555 0166'), 10_000, 'the number it is read as');
    await box.press('Enter');
    await atStep(3);
    await pickQuickPickItem(page, list);
    await atStep(4);
    await answerInputBox(page, '');
    await atStep(5);
    await pickQuickPickItem(page, 'Contacted');
    await atStep(6);
    await answerInputBox(page, 'e2e, palette');
    await waitUntil(() => sandbox.store.all().some((l) => l.phone_number === PHONE), 15_000, 'the lead to be created');
    const created = sandbox.store.all().filter((l) => l.phone_number === PHONE);
    assert.equal(created.length, 1);
    assert.deepEqual([created[0]!.name, created[0]!.status, created[0]!.tags, created[0]!.list_ids], [NAME, 'Contacted', ['e2e', 'palette'], [list]]);
    assert.deepEqual(
      sandbox.requests.filter((r) => r.method === 'POST').map((r) => r.body),
      [{ name: NAME, phone_number: PHONE, list_id: list, status: 'Contacted', tags: ['e2e', 'palette'] }],
    );

    const row = await treeItem(page, startsWithText(NAME));
    await waitUntil(async () => (await row.getAttribute('aria-selected')) === 'true', 10_000, 'the new lead to be selected');
    await screenshot(page, 'lead-life-created');

    sandbox.clearRequests();
    const dialog = modalDialog();
    await runContextMenuItem(page, await treeItem(page, startsWithText(NAME)), /^Delete Lead/);
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    const text = await dialog.innerText();
    assert.ok(text.includes(NAME) && text.includes(PHONE) && text.includes('There is no undo.'), text);
    await screenshot(page, 'lead-life-delete-confirm');
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
    await waitUntil(() => sandbox.store.all().every((l) => l.phone_number !== PHONE), 15_000, 'the lead to be deleted');
    assert.deepEqual(
      sandbox.requests.filter((r) => r.method === 'DELETE').map((r) => r.path),
      [`/v1/leads/${created[0]!.id}`],
    );
    await waitUntil(async () => (await page.getByRole('treeitem', { name: startsWithText(NAME) }).count()) === 0, 10_000, 'the row to go');
    await closeEverything();
  });
});
