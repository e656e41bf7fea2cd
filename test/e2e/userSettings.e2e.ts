// topcalls.apiBaseUrl set in User settings (the harness writes nothing else) in a remote
// window (code-server is one): the token is stored for that URL and the view keeps using
// it. With a Machine-only scope the remote read another URL a moment later and the view
// flipped to "No TopCalls API token is set."
import * as assert from 'node:assert/strict';
import { closeEverything, collapseAllGroups, expand, openSignedIn, refreshLeads } from './session';
import { e2e, treeItem, waitUntil } from './ui';

describe('API URL from User settings in a remote window (e2e)', () => {
  before(async () => {
    await openSignedIn();
    await closeEverything();
  });

  it('keeps the view signed in against the URL from User settings', async () => {
    const { page, sandbox } = e2e();
    await refreshLeads();
    await collapseAllGroups();
    await expand(await treeItem(page, /^Contacted\b/));
    await waitUntil(() => sandbox.requests.some((r) => r.path === '/v1/leads' && r.authorized), 10_000, 'an authorised page request');
    const sidebar = page.locator('.part.sidebar');
    const signedOut = sidebar.getByText(/No TopCalls API token|Set API Token|Connect to your TopCalls account/);
    const rows = sidebar.locator('.monaco-list-row[aria-level="2"]');
    // The flip came within seconds of the first requests: watch for longer than that.
    const until = Date.now() + 6_000;
    while (Date.now() < until) {
      assert.equal(await signedOut.count(), 0, 'the view does not ask for a token');
      assert.ok((await rows.count()) > 0, 'the rows stay');
      await page.waitForTimeout(250);
    }
    assert.ok(sandbox.requests.every((r) => r.authorized), 'every request carried the token stored for this URL');
  });
});
