// "Import CSV…" from the real command palette, through VS Code's own open dialog, the column
// step with its preview, the list and the mode, and the modal about the rows with problems; the
// leads arrive and the row with a problem is in the Problems view.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SAMPLE_LIST_IDS } from '../sandbox/seed';
import { closeEverything, modalDialog, openSignedIn } from './session';
import { e2e, pickQuickPickItem, quickInput, quickInputBox, runCommand, screenshot, waitForNotification, waitUntil } from './ui';

const FILE = 'e2e-import.csv';
const CSV = 'Name;Phone;Company\r\n"Grace; Hopper";+1 415 555 0181;Navy\r\nNo Number;;Acme\r\nAlan Turing;+44 20 7946 0182;Bletchley\r\n';

describe('Import CSV (e2e)', () => {
  let file: string;
  before(async () => {
    await openSignedIn();
    await closeEverything();
    file = path.join(e2e().runDir, 'workspace', FILE);
    fs.writeFileSync(file, CSV);
  });
  after(async () => {
    const { page } = e2e();
    await page.keyboard.press('Escape');
    await runCommand(page, 'View: Close Panel').catch(() => undefined);
    fs.rmSync(file, { force: true });
  });

  /** Waits until the quick input's text includes `text`. */
  async function showing(text: string): Promise<void> {
    const { page } = e2e();
    await waitUntil(async () => (await quickInput(page).innerText().catch(() => '')).includes(text), 15_000, `the quick input to show "${text}"`);
  }

  it('picks a file in the open dialog, previews its columns, and imports the good rows into the chosen list', async () => {
    const { page, sandbox } = e2e();
    const list = SAMPLE_LIST_IDS[3] as string;
    sandbox.clearRequests();
    await runCommand(page, 'TopCalls: Import CSV…');
    // VS Code's own open dialog, in the quick input: the path typed, then Enter.
    const box = quickInputBox(page);
    await box.waitFor({ state: 'visible', timeout: 15_000 });
    await waitUntil(async () => (await box.inputValue()).includes('workspace'), 15_000, 'the dialog to show the workspace folder');
    await box.fill(file);
    await box.press('Enter');

    // The columns, each with the field it fills and its first values.
    await showing(`Import ${FILE}: columns`);
    const text = await quickInput(page).innerText();
    for (const expected of ['Continue', 'Name', '→ Name', 'Phone', '→ Phone number', 'Company', '→ Metadata "Company"', 'Grace; Hopper', '+1 415 555 0181']) {
      assert.ok(text.includes(expected), `"${expected}" in ${text}`);
    }
    await screenshot(page, 'import-columns');
    await box.press('Enter');

    await showing('the list to add the leads to');
    await pickQuickPickItem(page, list);
    await showing('leads already on TopCalls');
    await pickQuickPickItem(page, 'Skip');

    const dialog = modalDialog();
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await dialog.innerText(), /1 of the 3 rows of e2e-import\.csv have problems and will not be imported/);
    await screenshot(page, 'import-problems-confirm');
    await dialog.getByRole('button', { name: 'Import 2 Rows', exact: true }).click();

    await waitForNotification(page, /Imported e2e-import\.csv: 2 added, 0 already on TopCalls and left as they were\. 1 row not imported\./);
    const bulk = sandbox.requests.filter((r) => r.path === '/v1/leads/bulk');
    assert.deepEqual(
      bulk.map((r) => r.body),
      [
        {
          list_id: list,
          mode: 'skip',
          leads: [
            { name: 'Grace; Hopper', phone_number: '+14155550181', metadata: { Company: 'Navy' } },
            { name: 'Alan Turing', phone_number: '+442079460182', metadata: { Company: 'Bletchley' } },
          ],
        },
      ],
    );
    assert.deepEqual(sandbox.store.findByPhone('+442079460182')?.list_ids, [list]);

    // The row with a problem is in the Problems view, at its line.
    await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
    const problems = page.locator('.markers-panel');
    await waitUntil(async () => (await problems.innerText().catch(() => '')).includes('Phone: No phone number: a lead needs one.'), 15_000, 'the problem in the Problems view');
    assert.match(await problems.innerText(), /\[Ln 3, Col 1\]/);
    await screenshot(page, 'import-problems-view');
  });
});
