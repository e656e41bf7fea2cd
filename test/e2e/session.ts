// Getting the real workbench to "signed in, TopCalls view open" from whatever state an
// earlier e2e file left it in.
import { answerInputBox, clickActivityBarItem, e2e, openWorkbench, runCommand, treeItems, waitUntil } from './ui';

export async function openSignedIn(): Promise<void> {
  const { page, sandbox, sandboxToken } = e2e();
  await openWorkbench(page);
  await clickActivityBarItem(page, 'TopCalls');
  const groups = page.locator('.part.sidebar').getByRole('treeitem', { name: /^New\b/ });
  if (await groups.first().isVisible().catch(() => false)) return;
  sandbox.clearRequests();
  await runCommand(page, 'TopCalls: Set API Token');
  await answerInputBox(page, sandboxToken);
  await waitUntil(() => sandbox.requests.some((r) => r.authorized), 20_000, 'the token check');
  await groups.first().waitFor({ state: 'visible', timeout: 20_000 });
}

/** Collapses every group, so each test starts from the same tree. */
export async function collapseTree(): Promise<void> {
  const { page } = e2e();
  const sidebar = page.locator('.part.sidebar');
  await sidebar.hover();
  const collapse = sidebar.locator('.action-label[aria-label^="Collapse All"]').first();
  if (await collapse.isVisible().catch(() => false)) await collapse.click();
  await waitUntil(async () => (await treeItems(page).count()) > 0, 10_000, 'tree rows');
}

/** A tree row's accessible name starts with the lead's name: match it literally. */
export function startsWithText(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
}
