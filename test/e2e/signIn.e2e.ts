// Signing in and out in the real workbench: the sign-in box that stays open when TopCalls
// refuses a token, and Sign Out's confirmation. Leaves the workbench signed in.
import * as assert from 'node:assert/strict';
import { SANDBOX_ACCOUNT_ID } from '../sandbox/seed';
import { closeEverything, expand, modalDialog, openSignedIn } from './session';
import { e2e, quickInput, quickInputBox, runCommand, screenshot, treeItem, waitForNotification, waitUntil } from './ui';

describe('Signing in and out (e2e)', () => {
  before(async function () {
    this.timeout(120_000);
    await openSignedIn();
    await closeEverything();
  });

  it('keeps the sign-in box open when TopCalls rejects the token, with the reason and what was typed', async () => {
    const { page, sandbox, sandboxToken, sandboxUrl } = e2e();
    await runCommand(page, 'TopCalls: Set API Token');
    const input = quickInputBox(page);
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    sandbox.clearRequests();
    await input.fill('tc_not_the_right_one');
    await input.press('Enter');
    await quickInput(page).getByText("TopCalls didn't accept this token", { exact: false }).waitFor({ state: 'visible', timeout: 20_000 });
    await screenshot(page, 'signin-rejected');
    assert.equal(await input.inputValue(), 'tc_not_the_right_one', 'what was typed is kept');
    assert.equal(await input.getAttribute('type'), 'password', 'the token is not shown');
    assert.ok(!/Authorization|Bearer/.test(await quickInput(page).innerText()), 'no HTTP advice');
    assert.ok(sandbox.requests.some((r) => !r.authorized), 'the token was checked');

    await input.fill(sandboxToken);
    await input.press('Enter');
    const host = new URL(sandboxUrl).host;
    await waitForNotification(page, `Signed in to TopCalls at ${host} (account ${SANDBOX_ACCOUNT_ID.slice(0, 8)}…)`, 20_000);
    await quickInput(page).waitFor({ state: 'hidden', timeout: 10_000 });
    await treeItem(page, /^New\b/, 20_000);
  });

  it("shows the TopCalls account in VS Code's Accounts menu, by host and account", async () => {
    const { page, sandboxUrl } = e2e();
    const accounts = page.locator('.activitybar .action-item').filter({ has: page.locator('.action-label[aria-label^="Accounts"]') }).first();
    await accounts.click();
    const label = `${new URL(sandboxUrl).host} (account ${SANDBOX_ACCOUNT_ID.slice(0, 8)}…)`;
    try {
      await page.locator('.monaco-menu').getByText(label, { exact: false }).first().waitFor({ state: 'visible', timeout: 15_000 });
      await screenshot(page, 'signin-accounts-menu');
    } finally {
      await page.keyboard.press('Escape');
    }
  });

  it('Sign Out asks first, naming the API URL, and Cancel keeps the token', async () => {
    const { page, sandbox, sandboxUrl } = e2e();
    await runCommand(page, 'TopCalls: Sign Out');
    const dialog = modalDialog();
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot(page, 'signout-confirm');
    assert.ok((await dialog.innerText()).includes(sandboxUrl), `the dialog names ${sandboxUrl}: ${await dialog.innerText()}`);
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
    // Still signed in: the groups stay, and opening one reads its leads with the token.
    sandbox.clearRequests();
    await expand(await treeItem(page, /^New\b/, 10_000));
    await waitUntil(() => sandbox.requests.some((r) => r.authorized && r.query.status === 'New'), 15_000, 'New read with the token');
    assert.ok(!sandbox.requests.some((r) => !r.authorized), 'no request went without the token');
    assert.ok(!(await page.locator('.part.sidebar').getByText(/Connect to your TopCalls account/).first().isVisible()), 'no sign-in welcome');
  });
});
