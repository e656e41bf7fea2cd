// Go to Lead by Phone in the real workbench, with a number typed as people in the US write it
// (no +1): read in the display language's country (code-server's "en": US), looked up as
// E.164, the lead selected in the tree and its form opened.
import * as assert from 'node:assert/strict';
import type { Lead } from '../../src/shared/schemas';
import { formatPhoneForReading } from '../../src/shared/phoneFormat';
import { closeEverything, openSignedIn, refreshLeads } from './session';
import { e2e, inner, quickInput, quickInputBox, runCommand, screenshot, waitUntil, webviewFrame } from './ui';

/** A lead with a US number no other lead has, and a name to find its row and form by. */
function usLead(leads: Lead[]): Lead {
  const lead = leads.find(
    (l) => /^\+1\d{10}$/.test(l.phone_number) && /^[\p{L} .'-]+$/u.test(l.name) && leads.filter((o) => o.phone_number === l.phone_number).length === 1,
  );
  assert.ok(lead, 'the sandbox has a US lead');
  return lead;
}

describe('Go to Lead by Phone (e2e)', () => {
  before(async () => {
    await openSignedIn();
    await closeEverything();
  });

  after(async () => {
    await closeEverything();
  });

  it('takes a national number, says which number it looks up, selects the lead and previews its form', async () => {
    const { page, sandbox } = e2e();
    const lead = usLead(sandbox.store.all());
    const national = `${lead.phone_number.slice(2, 5)} ${lead.phone_number.slice(5, 8)} ${lead.phone_number.slice(8)}`;
    await refreshLeads();

    await runCommand(page, 'TopCalls: Go to Lead by Phone');
    const input = quickInputBox(page);
    await input.waitFor({ state: 'visible' });
    await input.fill(national);
    // The input box names the number the national one was read as, before anything is asked.
    await quickInput(page).getByText(`Looks up ${formatPhoneForReading(lead.phone_number)}`).waitFor({ timeout: 10_000 });
    await screenshot(page, 'go-to-phone-national');
    await input.press('Enter');

    await waitUntil(() => sandbox.requests.some((r) => r.path === '/v1/leads' && r.query.phone === lead.phone_number), 10_000, 'the lookup in E.164');
    const form = webviewFrame(page);
    await waitUntil(async () => (await inner(form, 'f-name').inputValue().catch(() => '')) === lead.name, 20_000, "the lead's form");
    // Opened like a file from a search: in a preview tab (italic), which the next lead found replaces.
    const tab = page.locator('.tabs-container .tab').filter({ hasText: `${lead.id}.json` });
    await waitUntil(async () => (await tab.locator('.monaco-icon-label.italic').count()) === 1, 10_000, 'the form to be in a preview tab');
    const selected = page.locator('.part.sidebar .monaco-list-row.selected');
    await waitUntil(async () => (await selected.allInnerTexts()).some((text) => text.startsWith(lead.name)), 10_000, "the lead's row selected");
    await screenshot(page, 'go-to-phone-opened');
  });
});
