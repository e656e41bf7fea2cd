// Helpers for driving the real VS Code workbench (code-server in Chromium) from e2e tests.
// Every helper takes the Playwright Page; the e2e runner (test/harness/run-e2e.ts) provides
// it through `e2e()` below.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { ROOT } from '../harness/util';
import type { Sandbox } from '../sandbox/server';

/**
 * The little of a DOM element the tests read inside the page. The tests compile without the DOM
 * library (they run in Node), so code passed to `evaluate` names what it uses.
 */
export interface BrowserElement {
  getAttribute(name: string): string | null;
  ownerDocument: { defaultView: { getComputedStyle(element: unknown): { outlineStyle: string } } | null };
}

export const SCREENSHOT_DIR = path.join(ROOT, 'test-results', 'screenshots');

/** What the e2e runner shares with the test files. */
export interface E2EContext {
  page: Page;
  /** code-server base URL, e.g. http://127.0.0.1:41234 */
  editorUrl: string;
  /** URL that opens the test workspace folder. */
  workbenchUrl: string;
  /** The sandbox API (in this process) the extension is configured against (topcalls.apiBaseUrl). */
  sandbox: Sandbox;
  sandboxUrl: string;
  sandboxToken: string;
  /** VS Code version under test, e.g. "1.139.1". */
  vscodeVersion: string;
  runDir: string;
}

const CONTEXT_KEY = Symbol.for('topcalls.e2e.context');

/** Called by the runner before the test files load. */
export function setE2EContext(context: E2EContext): void {
  (globalThis as Record<symbol, unknown>)[CONTEXT_KEY] = context;
}

/** The shared page and URLs; only valid inside hooks/tests run by the e2e runner. */
export function e2e(): E2EContext {
  const context = (globalThis as Record<symbol, unknown>)[CONTEXT_KEY] as E2EContext | undefined;
  if (!context) throw new Error('no e2e context: run this file with `npm run test:e2e`');
  return context;
}

/** `text` matched literally inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Polls `condition` (every 100 ms) until it holds; throws after `timeout` ms. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, timeout = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// ---- workbench -------------------------------------------------------------------------

/** Loads the workbench (if needed) and waits until it is interactive. */
export async function openWorkbench(page: Page, url = e2e().workbenchUrl, timeout = 60_000): Promise<void> {
  if (!page.url().startsWith(url.split('?')[0] ?? url) || page.url() === 'about:blank') {
    await page.goto(url, { waitUntil: 'domcontentloaded' });
  }
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
  // The activity bar is rendered once the layout is done.
  await page.locator('.activitybar').first().waitFor({ state: 'visible', timeout });
}

/** Reloads the window and waits for the workbench again. */
export async function reloadWorkbench(page: Page): Promise<void> {
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
}

// ---- quick input ---------------------------------------------------------------------------

export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

export function quickInputBox(page: Page): Locator {
  return page.locator('.quick-input-widget input');
}

/** Rows of the open quick pick. */
export function quickPickRows(page: Page): Locator {
  return page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
}

/** F1, `>Title`, wait for the row, Enter. `title` is the full "Category: Title". */
export async function runCommand(page: Page, title: string, timeout = 15_000): Promise<void> {
  const input = quickInputBox(page);
  // F1 pressed while the workbench moves the focus (a view closing, a webview loading) can be
  // lost, leaving the palette closed: pressed again, as a user would.
  for (let attempt = 1; ; attempt++) {
    await page.locator('.monaco-workbench').click({ position: { x: 5, y: 5 }, force: true }).catch(() => {});
    await page.keyboard.press('F1');
    const opened = await input
      .waitFor({ state: 'visible', timeout: attempt < 3 ? 5_000 : timeout })
      .then(() => true)
      .catch(() => false);
    if (opened) break;
    if (attempt === 3) throw new Error(`the command palette did not open for "${title}" after three presses of F1`);
    await page.keyboard.press('Escape');
  }
  await input.fill(`>${title}`);
  const row = quickPickRows(page).filter({ hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout });
  // Enter runs the focused (first) row; make sure the match we waited for is the first one.
  const first = (await quickPickRows(page).first().getAttribute('aria-label')) ?? '';
  if (!first.includes(title)) {
    await row.click();
  } else {
    await input.press('Enter');
  }
  // The next quick input reuses the palette's box: let the palette go first.
  await waitUntil(
    async () => !(await input.isVisible().catch(() => false)) || (await input.inputValue().catch(() => '')) !== `>${title}`,
    timeout,
    'the command palette to close',
  );
}

/** Types `value` into the open input box (showInputBox / quick pick filter) and presses Enter. */
export async function answerInputBox(page: Page, value: string, timeout = 15_000): Promise<void> {
  const input = quickInputBox(page);
  await input.waitFor({ state: 'visible', timeout });
  await input.fill(value);
  await input.press('Enter');
}

/**
 * Picks the quick-pick row containing `text` by typing it and pressing Enter: a click can
 * wait forever on a row the workbench keeps laying out ("element is not stable"). The text
 * is typed again if it vanished: right after an Enter, the widget may still be the previous
 * pick, which the next one replaces with an empty box.
 */
export async function pickQuickPickItem(page: Page, text: string, timeout = 15_000): Promise<void> {
  const input = quickInputBox(page);
  await input.waitFor({ state: 'visible', timeout });
  const first = quickPickRows(page).first();
  try {
    await waitUntil(
      async () => {
        // A short fill timeout: a box that is briefly inert (between two picks) is tried again.
        if ((await input.inputValue().catch(() => '')) !== text) await input.fill(text, { timeout: 2_000 }).catch(() => undefined);
        return ((await first.getAttribute('aria-label').catch(() => null)) ?? '').includes(text);
      },
      timeout,
      `"${text}" as the first quick-pick row`,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; the quick input: ${await describeQuickInput(page)}`);
  }
  await input.press('Enter');
}

/** What the quick input shows, for a failure message: visible or not, its prompt, value and first rows. */
async function describeQuickInput(page: Page): Promise<string> {
  const widget = quickInput(page);
  if (!(await widget.isVisible().catch(() => false))) return 'hidden';
  const rows = await quickPickRows(page).evaluateAll((els) => els.slice(0, 4).map((el) => (el as unknown as BrowserElement).getAttribute('aria-label')));
  const value = await quickInputBox(page).inputValue().catch(() => '?');
  const prompt = (await widget.innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 200);
  return JSON.stringify({ prompt, value, rows, focused: await page.evaluate('document.activeElement?.className ?? ""') });
}

/**
 * Runs a palette command that opens a quick pick, and picks `item`. Once more if the pick
 * went away before the row could be chosen: a webview that finishes loading takes the focus,
 * and a quick pick that loses it closes. Each attempt that failed is in the final error.
 */
export async function runCommandAndPick(page: Page, title: string, item: string, attempts = 3): Promise<void> {
  const failures: string[] = [];
  for (let attempt = 1; attempt <= attempts; attempt++) {
    await runCommand(page, title);
    try {
      await pickQuickPickItem(page, item, 8_000);
      return;
    } catch (error) {
      failures.push((error as Error).message);
      console.log(`[e2e] ${title} → ${item}, attempt ${attempt}: ${(error as Error).message}`);
      await page.keyboard.press('Escape');
    }
  }
  throw new Error(`${title} → ${item} failed ${attempts} times:\n${failures.join('\n')}`);
}

/** The prompt/title text of the open quick input (to check which input box is showing). */
export async function quickInputPrompt(page: Page): Promise<string> {
  const widget = quickInput(page);
  await widget.waitFor({ state: 'visible' });
  return (await widget.innerText()).trim();
}

// ---- views ----------------------------------------------------------------------------------

/**
 * Shows the view container whose activity-bar item's title (aria-label) starts with
 * `title`, e.g. "TopCalls". Clicking an item that is already active would *close* the side
 * bar, so an active item with a visible side bar is left alone.
 */
export async function clickActivityBarItem(page: Page, title: string, timeout = 15_000): Promise<void> {
  const label = page.locator(`.action-label[aria-label^="${title.replace(/"/g, '\\"')}"]`);
  const item = page.locator('.activitybar .action-item').filter({ has: label }).first();
  await item.waitFor({ state: 'visible', timeout });
  const active = /\bchecked\b/.test((await item.getAttribute('class')) ?? '');
  if (active && (await page.locator('.part.sidebar').isVisible())) return;
  await item.click();
  await page.locator('.part.sidebar').waitFor({ state: 'visible', timeout });
}

/** Tree rows (role=treeitem) in the workbench, optionally by accessible name. */
export function treeItems(page: Page, name?: string | RegExp): Locator {
  return name === undefined ? page.getByRole('treeitem') : page.getByRole('treeitem', { name });
}

/** Waits for a tree row and returns it. */
export async function treeItem(page: Page, name: string | RegExp, timeout = 15_000): Promise<Locator> {
  const item = treeItems(page, name).first();
  await item.waitFor({ state: 'visible', timeout });
  return item;
}

/**
 * Runs an item of a row's context menu. The workbench can drop a click that lands while the
 * menu is still being laid out (seen in VS Code 1.100): the item is then highlighted and the
 * menu stays open, so Enter runs the highlighted item, as a user pressing it would.
 */
export async function runContextMenuItem(page: Page, row: Locator, item: RegExp, timeout = 15_000): Promise<void> {
  await row.click({ button: 'right' });
  const menu = page.locator('.monaco-menu');
  const entry = menu.getByRole('menuitem', { name: item }).first();
  await entry.waitFor({ state: 'visible', timeout });
  await entry.click();
  const closed = await menu
    .first()
    .waitFor({ state: 'hidden', timeout: 2_000 })
    .then(() => true)
    .catch(() => false);
  if (closed) return;
  await entry.hover();
  await page.keyboard.press('Enter');
  await menu.first().waitFor({ state: 'hidden', timeout });
}

/** Notification toasts currently shown (their text). */
export async function notifications(page: Page): Promise<string[]> {
  return page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
}

/** Waits until a notification containing `text` is shown. */
export async function waitForNotification(page: Page, text: string | RegExp, timeout = 15_000): Promise<Locator> {
  const toast = page.locator('.notifications-toasts .notification-list-item').filter({ hasText: text }).first();
  await toast.waitFor({ state: 'visible', timeout });
  return toast;
}

// ---- webviews -------------------------------------------------------------------------------

/** The text inside a vscode-elements control (the input lives in its shadow root; Playwright pierces it). */
export function inner(form: FrameLocator, id: string): Locator {
  return form.locator(`#${id} input, #${id} textarea`).first();
}

/**
 * The content of the active webview: two iframes deep (the outer `iframe.webview.ready`
 * host, then `#active-frame`). With several webviews open, pass `index`.
 */
export function webviewFrame(page: Page, index = 0): FrameLocator {
  return page.locator('iframe.webview.ready').nth(index).contentFrame().frameLocator('#active-frame');
}

// ---- output / screenshots -----------------------------------------------------------------

/** Text of the Output panel's editor (visible lines only). */
export async function outputPanelText(page: Page): Promise<string> {
  const lines = page.locator('.panel .output-view .view-lines, .part.panel .view-lines').first();
  await lines.waitFor({ state: 'visible', timeout: 15_000 });
  return (await lines.innerText()).replace(/\u00a0/g, ' ');
}

/** Saves test-results/screenshots/<name>.png and returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file });
  return file;
}
