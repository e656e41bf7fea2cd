// The packaged .vsix, installed in the real workbench, signs in from the command palette
// against the sandbox and shows leads in its tree.
import * as assert from 'node:assert/strict';
import { answerInputBox, clickActivityBarItem, e2e, openWorkbench, runCommand, screenshot, treeItem, waitUntil } from './ui';

describe('workbench smoke', () => {
  before(async () => {
    await openWorkbench(e2e().page);
  });

  it('opens the TopCalls view from the activity bar', async () => {
    const { page } = e2e();
    await clickActivityBarItem(page, 'TopCalls');
    await page.locator('.part.sidebar .composite.title').filter({ hasText: /TopCalls/i }).first().waitFor();
    await screenshot(page, 'smoke-topcalls-view');
  });

  it('sets the API token from the command palette and lists leads', async () => {
    const { page, sandbox, sandboxToken } = e2e();
    sandbox.clearRequests();
    await runCommand(page, 'TopCalls: Set API Token');
    await answerInputBox(page, sandboxToken);
    // The token is checked with one request to the sandbox (running in this process).
    await waitUntil(() => sandbox.requests.some((r) => r.authorized), 20_000, 'an authorized request to the sandbox');
    await treeItem(page, /^New\b/, 20_000);
    assert.ok(await page.locator('.part.sidebar').getByRole('treeitem').first().isVisible());
    await screenshot(page, 'smoke-signed-in');
  });
});
