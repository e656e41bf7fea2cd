// Getting the real workbench to "signed in, TopCalls view open" from whatever state an
// earlier e2e file left it in.
import type { Locator } from 'playwright-core';
import { answerInputBox, clickActivityBarItem, e2e, escapeRegExp, openWorkbench, runCommand, waitUntil } from './ui';

export async function openSignedIn(): Promise<void> {
  const { page, sandbox, sandboxToken } = e2e();
  await openWorkbench(page);
  // First after a fresh start (a --grep run), the workbench may take long to list the extension's view.
  await clickActivityBarItem(page, 'TopCalls', 60_000);
  const groups = page.locator('.part.sidebar').getByRole('treeitem', { name: /^New\b/ });
  if (await groups.first().isVisible().catch(() => false)) return;
  sandbox.clearRequests();
  await runCommand(page, 'TopCalls: Set API Token');
  await answerInputBox(page, sandboxToken);
  await waitUntil(() => sandbox.requests.some((r) => r.authorized), 20_000, 'the token check');
  await groups.first().waitFor({ state: 'visible', timeout: 20_000 });
}

/** The modal dialog the workbench shows (code-server draws it in the page). */
export function modalDialog(): Locator {
  return e2e().page.locator('.monaco-dialog-box');
}

/** Runs Sign Out and confirms its modal, as a user does; waits for the view's signed-out welcome. */
export async function signOut(): Promise<void> {
  const { page } = e2e();
  await runCommand(page, 'TopCalls: Sign Out');
  await modalDialog().waitFor({ state: 'visible', timeout: 15_000 });
  await modalDialog().getByRole('button', { name: 'Sign Out', exact: true }).click();
  await page.locator('.part.sidebar').getByText(/Connect to your TopCalls account/).first().waitFor({ timeout: 15_000 });
}

/**
 * Closes what earlier files left open (hovers, lead forms, documents): a webview that finishes
 * loading takes the focus, and a quick pick that loses it closes.
 */
export async function closeEverything(): Promise<void> {
  const { page } = e2e();
  await page.keyboard.press('Escape');
  await runCommand(page, 'View: Close All Editors');
}

/**
 * Expands a group's row unless it already is (a click on an open group would close it), and
 * waits until its first page is in. A click that lands while the tree re-renders (right after
 * a refresh) is lost: it is made again.
 */
export async function expand(row: Locator): Promise<void> {
  let clickedAt = 0;
  await waitUntil(
    async () => {
      if ((await row.getAttribute('aria-expanded').catch(() => null)) === 'true') return true;
      if (Date.now() - clickedAt > 2_000) {
        clickedAt = Date.now();
        await row.click({ timeout: 2_000 }).catch(() => undefined);
      }
      return false;
    },
    15_000,
    'the row to expand',
  );
  // The group's count comes with its first page, and VS Code then renders its rows again: a
  // click on a row before that lands on one it is about to replace, and its command is gone.
  await waitUntil(async () => /\d/.test(await row.innerText().catch(() => '')), 15_000, 'the group to show its count');
  await e2e().page.waitForTimeout(300);
}

/** Reloads the Leads view from the server, so a test starts from the sandbox's current data. */
export async function refreshLeads(): Promise<void> {
  const { page, sandbox } = e2e();
  sandbox.clearRequests();
  await runCommand(page, 'TopCalls: Refresh Leads');
  // Rows on screen stay until the refreshed pages replace them, and VS Code 1.100 forgets the command
  // of a row it draws again: a click before the replacement fails ("Actual command not found").
  await waitUntil(() => sandbox.requests.some((r) => r.method === 'GET' && r.path === '/v1/leads'), 3_000, 'a page to be asked for').catch(
    () => undefined,
  );
  // Answered, or dropped by a fault a test set up: nothing left in flight.
  await waitUntil(() => sandbox.inFlight === 0, 20_000, 'the refreshed pages');
  await page.waitForTimeout(500);
}

/** A tree row's accessible name starts with the lead's name: match it literally. */
export function startsWithText(text: string): RegExp {
  return new RegExp(`^${escapeRegExp(text)}`);
}


/** Collapses every group of the Leads view with its own title button, so the four groups are on screen. */
export async function collapseAllGroups(): Promise<void> {
  const { page } = e2e();
  const sidebar = page.locator('.part.sidebar');
  await sidebar.hover();
  await sidebar.getByRole('button', { name: /^Collapse All/ }).first().click();
  await sidebar.getByRole('treeitem', { name: /^Unsubscribed\b/ }).first().waitFor({ state: 'visible', timeout: 10_000 });
}
