// The user's actions in the real workbench under the network profile (bench/README.md): one
// code-server + Chromium per editor, our .vsix and the no-request floor extension
// (bench/floor.ts) installed side by side, a sandbox process with 10,000 leads answering every
// request after 80 ms ± 20 ms. Each action is timed from the input event Playwright sends (a
// click, a key) to the DOM showing its result (rows, a row's new text, the form's input), in
// this process; the floor extension's same action is timed the same way, interleaved with ours.
// Requests are read from the sandbox's own log and counters, never inferred from settings.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { Editor } from '../scripts/provision-editor';
import { launchBrowser, type Browser } from '../test/harness/browser';
import { createRunDirs, installExtension, startCodeServer, type CodeServer } from '../test/harness/codeServer';
import { clickActivityBarItem, inner, openWorkbench, quickInputBox, quickPickRows, runCommand, answerInputBox, waitUntil, webviewFrame } from '../test/e2e/ui';
import { FLOOR } from './floor';
import { startSandboxProcess, type SandboxProcess, type SeenRequest } from './sandboxProcess';

export const ACTIONS = ['expand', 'loadMore', 'setStatus', 'addTags', 'save', 'openLead'] as const;
export type Action = (typeof ACTIONS)[number];
export const FLOORS = ['expand', 'more', 'pick', 'webview'] as const;
export type FloorAction = (typeof FLOORS)[number];

export interface UiResult {
  editor: string;
  vscodeVersion: string;
  /** Bare node:http GET + JSON.parse of one lead from the delayed sandbox, spread over the run. */
  rttMs: number[];
  /** Per sample: milliseconds from input to pixels, and the /v1 requests the server saw meanwhile. */
  actions: Record<Action, { ms: number[]; requests: string[][] }>;
  /** The floor extension's same actions (no request). */
  floors: Record<FloorAction, number[]>;
  bulk: { ms: number[]; peakInFlight: number[]; patches: number[]; leads: number[] };
  /** What failed (each a sample or a section that could not be measured). */
  errors: string[];
}

export interface UiOptions {
  leads: number;
  latency: { ms: number; jitterMs: number };
  samples: number;
  bulkRuns: number;
  bulkSize: number;
  /** Only these parts (expand, loadMore, edits, form, bulk); all when absent. */
  sections?: readonly string[];
  log(line: string): void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const now = (): number => performance.now();
const errorText = (error: unknown): string => (error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error));

/** A plain name, so rows are found by it without escaping (hostile names render slowly anyway). */
const PLAIN_NAME = /^[\p{L}]+ [\p{L}]+$/u;

/** Bare node:http GET + JSON.parse, one keep-alive connection: the network's own round trip. */
export function bareGet(agent: http.Agent, url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = now();
    const req = http.get(url, { agent, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        try {
          JSON.parse(text);
          if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode}`);
          resolve(now() - started);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${url} timed out`)));
  });
}

/** The sidebar's rows as the DOM has them now: data-index, aria-level, aria-label, text. */
interface RowInfo {
  index: number;
  level: number;
  label: string;
  text: string;
}

/**
 * The rows inside the list's visible box (the list also renders a few rows above and below it).
 * Runs in the page (a string: the root tsconfig has no DOM lib).
 */
const ROWS_JS = `[...document.querySelectorAll('.part.sidebar .monaco-list-row')].filter((r) => {
    const list = r.closest('.monaco-list');
    if (!r.offsetParent || !list) return false;
    const box = r.getBoundingClientRect();
    const view = list.getBoundingClientRect();
    return box.top >= view.top - 1 && box.bottom <= view.bottom + 1;
  }).map((r) => ({
  index: Number(r.getAttribute('data-index')), level: Number(r.getAttribute('aria-level')),
  label: r.getAttribute('aria-label') || '', text: r.innerText || '' }))`;

async function rows(page: Page): Promise<RowInfo[]> {
  return (await page.evaluate(ROWS_JS)) as RowInfo[];
}

/**
 * Waits, polling on every animation frame in the page, until a sidebar row passes `test`
 * (a function body over `r`: {index, level, label, text}); resolves with the time it did.
 */
async function rowAppears(page: Page, test: string, arg: unknown, timeout = 30_000): Promise<number> {
  await page.waitForFunction(
    `(() => { const arg = ${JSON.stringify(arg)}; return (${ROWS_JS}).some((r) => ${test}); })()`,
    undefined,
    { polling: 'raf', timeout },
  );
  return now();
}

function sidebarRow(page: Page, index: number): Locator {
  return page.locator(`.part.sidebar .monaco-list-row[data-index="${index}"]`).first();
}

/** Clicks at the middle of a row with the raw mouse: no actionability waits inside the timing. */
async function clickAt(page: Page, row: Locator, modifiers: ('Control' | 'Shift')[] = []): Promise<() => Promise<void>> {
  const box = await row.boundingBox();
  if (!box) throw new Error('the row is not on screen');
  return async () => {
    for (const m of modifiers) await page.keyboard.down(m);
    await page.mouse.click(box.x + Math.min(60, box.width / 2), box.y + box.height / 2);
    for (const m of modifiers) await page.keyboard.up(m);
  };
}

/**
 * Scrolls the sidebar's tree to its end or start: the focus put in the tree with a Ctrl+click on
 * a row that is not a group (it selects, never opens nor collapses), then End or Home, as a user
 * of the keyboard does (the wheel stops short on a busy machine).
 */
async function scrollTree(page: Page, to: 'end' | 'start'): Promise<void> {
  const isRow = (r: RowInfo): boolean => r.label.includes(', ') || /^Floor row/.test(r.label);
  const before = (await rows(page)).filter(isRow);
  const row = before[before.length >> 1];
  if (!row) throw new Error('no row to put the focus on');
  await (await clickAt(page, sidebarRow(page, row.index), ['Control']))();
  await sleep(150);
  await page.keyboard.press(to === 'end' ? 'End' : 'Home');
  const edge = to === 'end' ? Math.max(...before.map((r) => r.index)) : Math.min(...before.map((r) => r.index));
  await waitUntil(
    async () => {
      const now = (await rows(page)).map((r) => r.index);
      return to === 'end' ? now.some((i) => i > edge) || now.includes(edge) : now.includes(0);
    },
    10_000,
    `the tree scrolled to its ${to}`,
  ).catch(() => undefined);
  await sleep(300);
}

export async function runUi(editor: Editor, extensionVsix: string, floorVsix: string, options: UiOptions): Promise<UiResult> {
  const result: UiResult = {
    editor: editor.id,
    vscodeVersion: editor.version,
    rttMs: [],
    actions: Object.fromEntries(ACTIONS.map((a) => [a, { ms: [], requests: [] }])) as unknown as UiResult['actions'],
    floors: Object.fromEntries(FLOORS.map((f) => [f, []])) as unknown as UiResult['floors'],
    bulk: { ms: [], peakInFlight: [], patches: [], leads: [] },
    errors: [],
  };
  const { log } = options;
  let sandbox: SandboxProcess | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    sandbox = await startSandboxProcess(options.leads, options.latency);
    const sb = sandbox;
    const dirs = createRunDirs(`bench-ui-${editor.id}`, 3);
    await installExtension(editor, dirs, extensionVsix);
    await installExtension(editor, dirs, floorVsix);
    const settings = { 'topcalls.apiBaseUrl': sb.url };
    server = await startCodeServer(editor, dirs, { settings });
    browser = await launchBrowser({ profileDir: dirs.browserProfileDir });
    const page = browser.page;
    await openWorkbench(page, server.workbenchUrl(), 180_000);
    log(`workbench of VS Code ${editor.version} open`);

    // ---- round trips: bare requests to the same delayed sandbox, a few before each section ----
    const firstId = ((await (await fetch(`${sb.url}/v1/leads?limit=1`, { headers: { Authorization: `Bearer ${sb.token}` } })).json()) as { items: { id: string }[] }).items[0]?.id;
    if (!firstId) throw new Error('the sandbox has no lead');
    const rtt = async (n = 4): Promise<void> => {
      for (let i = 0; i < n; i++) result.rttMs.push(await bareGet(agent, `${sb.url}/v1/leads/${firstId}`, sb.token));
    };
    await rtt(2); // the connection's first request also opens it
    result.rttMs.length = 0;
    await rtt();

    const idle = async (): Promise<void> => {
      await waitUntil(async () => (await sb.control<{ inFlight: number }>('GET', 'stats')).inFlight === 0, 30_000, 'no request in flight');
      await sleep(250);
    };
    const seen = async (): Promise<string[]> =>
      (await sb.control<SeenRequest[]>('GET', 'requests')).map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/, '{id}')}`);
    /** One sample of an action: clears the log, times `act` → `done`, keeps the requests seen. */
    const sample = async (action: Action, act: () => Promise<void>, done: () => Promise<number>): Promise<void> => {
      await sb.control('DELETE', 'requests');
      const shown = done();
      const started = now();
      await act();
      const at = await shown;
      result.actions[action].ms.push(at - started);
      await idle();
      result.actions[action].requests.push(await seen());
    };
    const attempt = async (what: string, fn: () => Promise<void>): Promise<void> => {
      try {
        await fn();
      } catch (error) {
        result.errors.push(`${what}: ${errorText(error)}`);
        const shot = path.join(dirs.runDir, `FAILED-${what.replace(/\W+/g, '-')}.png`);
        await page.screenshot({ path: shot }).catch(() => undefined);
        const shown = (await rows(page).catch(() => [])).slice(0, 5).map((r) => `${r.index}/${r.level} ${JSON.stringify(r.label)}`);
        log(`${what} failed: ${errorText(error)} (screenshot ${shot}; rows: ${shown.join(' | ')})`);
        await page.keyboard.press('Escape').catch(() => undefined);
      }
    };

    // ---- sign in, as a user does ----
    await clickActivityBarItem(page, 'TopCalls', 60_000);
    await runCommand(page, 'TopCalls: Set API Token');
    await answerInputBox(page, sb.token);
    await page.locator('.part.sidebar').getByRole('treeitem', { name: /^New\b/ }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await idle();
    const ours = async (): Promise<void> => clickActivityBarItem(page, 'TopCalls');
    const floorView = async (): Promise<void> => clickActivityBarItem(page, FLOOR.container);
    const expandFloorGroup = async (): Promise<void> => {
      const group = page.locator('.part.sidebar').getByRole('treeitem', { name: FLOOR.groupLabel }).first();
      if ((await group.getAttribute('aria-expanded')) === 'true') return;
      await (await clickAt(page, group))();
      await rowAppears(page, 'r.level === 2', null);
    };
    const groupRow = (name: RegExp): Locator => page.locator('.part.sidebar').getByRole('treeitem', { name }).first();

    const want = (section: string): boolean => !options.sections || options.sections.includes(section);
    /**
     * Writes topcalls.groupBy (and `extra`) to the workspace's .vscode/settings.json, as a user editing
     * it does: code-server applies a change there at once (one to the User settings file, only on reload).
     */
    const setGroupBy = (groupBy: 'none' | 'status', extra: Record<string, unknown> = {}): void => {
      fs.mkdirSync(path.join(dirs.workspaceDir, '.vscode'), { recursive: true });
      fs.writeFileSync(path.join(dirs.workspaceDir, '.vscode', 'settings.json'), JSON.stringify({ 'topcalls.groupBy': groupBy, ...extra }, null, 2));
    };

    // ---- expand a group → its rows shown; the floor: a group of 50 rows that needs no request ----
    await rtt();
    for (let i = 0; want('expand') && i < options.samples + 1; i++) {
      const warmUp = i === 0;
      await attempt(`expand ${i}`, async () => {
        await ours();
        const group = groupRow(/^New\b/);
        if ((await group.getAttribute('aria-expanded')) === 'true') await (await clickAt(page, group))();
        // A regrouping empties the groups (a refresh would reload a loaded group at once).
        setGroupBy('none');
        await waitUntil(async () => !(await rows(page)).some((r) => r.label.startsWith('New')), 30_000, 'the view as one list');
        setGroupBy('status');
        await waitUntil(async () => (await rows(page)).some((r) => r.label.trim() === 'New'), 30_000, 'the New group, not loaded');
        await idle();
        if (warmUp) {
          await (await clickAt(page, group))();
          await rowAppears(page, 'r.level === 2', null);
          return;
        }
        await sample('expand', await clickAt(page, group), () => rowAppears(page, 'r.level === 2', null));
      });
      await attempt(`floor expand ${i}`, async () => {
        await floorView();
        await runCommand(page, FLOOR.resetCommand);
        await page.locator('.part.sidebar').getByRole('treeitem', { name: FLOOR.groupLabel }).first().waitFor({ timeout: 10_000 });
        await sleep(250);
        const click = await clickAt(page, page.locator('.part.sidebar').getByRole('treeitem', { name: FLOOR.groupLabel }).first());
        const shown = rowAppears(page, 'r.level === 2', null);
        const started = now();
        await click();
        const ms = (await shown) - started;
        if (!warmUp) result.floors.expand.push(ms);
      });
    }

    // ---- Load more → the new rows shown; the floor: 50 more rows, no request ----
    await rtt();
    const loadMore = async (moreLabel: RegExp, record: (ms: number) => void | Promise<void>, act?: (click: () => Promise<void>, shown: () => Promise<number>) => Promise<void>): Promise<void> => {
      await scrollTree(page, 'end');
      const more = (await rows(page)).find((r) => moreLabel.test(r.label));
      if (!more) throw new Error(`no ${moreLabel.source} row at the end of the tree`);
      const click = await clickAt(page, sidebarRow(page, more.index));
      const shown = (): Promise<number> => rowAppears(page, 'r.index === arg && !new RegExp(' + JSON.stringify(moreLabel.source) + ').test(r.label)', more.index);
      if (act) return act(click, shown);
      const done = shown();
      const started = now();
      await click();
      await record((await done) - started);
    };
    for (let i = 0; want('loadMore') && i < options.samples; i++) {
      await attempt(`load more ${i}`, async () => {
        await ours();
        const group = groupRow(/^New\b/);
        if ((await group.getAttribute('aria-expanded')) !== 'true') {
          await (await clickAt(page, group))();
          await rowAppears(page, 'r.level === 2', null);
          await idle();
        }
        await loadMore(/^Load more/, () => undefined, async (click, shown) => sample('loadMore', click, shown));
      });
      await attempt(`floor more ${i}`, async () => {
        await floorView();
        await expandFloorGroup();
        await loadMore(new RegExp(`^${FLOOR.moreLabel}`), (ms) => void result.floors.more.push(ms));
      });
    }

    // ---- edits on one lead: the leads as one list (topcalls.groupBy none), the row updated in place ----
    setGroupBy('none');
    await ours();
    await waitUntil(async () => (await rows(page)).filter((r) => r.level === 1 && PLAIN_NAME.test(r.label.split(',')[0] ?? '')).length >= 10, 30_000, 'the leads as one list');
    await idle();
    let next = 0;
    /** A lead row on screen with a plain name, a different one each time; selected without opening it. */
    const pickLead = async (): Promise<{ name: string; status: string; index: number }> => {
      await ours();
      const leads = (await rows(page)).filter((r) => r.level === 1 && PLAIN_NAME.test(r.label.split(',')[0] ?? ''));
      const row = leads[next++ % leads.length];
      if (!row) throw new Error('no plain lead row on screen');
      const [name = '', status = ''] = row.label.split(', ');
      // A Ctrl+click selects a row without opening it; Escape clears what else was selected.
      const target = sidebarRow(page, row.index);
      const selectedOthers = async (): Promise<number> => page.locator('.part.sidebar .monaco-list-row[aria-selected="true"]').count();
      for (let tries = 0; tries < 4; tries++) {
        if ((await target.getAttribute('aria-selected')) === 'true' && (await selectedOthers()) === 1) break;
        if ((await selectedOthers()) > 0) await page.keyboard.press('Escape');
        await sleep(100);
        if ((await target.getAttribute('aria-selected')) !== 'true') await (await clickAt(page, target, ['Control']))();
        await sleep(200);
      }
      await waitUntil(async () => (await target.getAttribute('aria-selected')) === 'true' && (await selectedOthers()) === 1, 5_000, 'the row to be selected alone');
      return { name, status, index: row.index };
    };
    const statuses = ['New', 'Contacted', 'Converted', 'Unsubscribed'];
    /** Types `text` into the open quick input and waits until the first row is the match, as a user sees it. */
    const typeInPick = async (text: string): Promise<void> => {
      await quickInputBox(page).waitFor({ state: 'visible', timeout: 10_000 });
      await quickInputBox(page).fill(text);
      await waitUntil(async () => ((await quickPickRows(page).first().getAttribute('aria-label').catch(() => null)) ?? '').includes(text), 10_000, `"${text}" in the quick pick`);
    };
    const pressEnter = async (): Promise<void> => page.keyboard.press('Enter');

    const floorPick = async (i: number): Promise<void> => {
      await floorView();
      await expandFloorGroup();
      await scrollTree(page, 'start');
      const before = (await rows(page)).find((r) => r.label.startsWith(FLOOR.rowLabel(0)))?.label;
      if (!before) throw new Error('the floor row is not on screen');
      await page.keyboard.press(FLOOR.pickKey);
      await typeInPick(statuses[i % 4] as string);
      const shown = rowAppears(page, 'r.label.startsWith("Floor row 0 ") && r.label !== arg', before);
      const started = now();
      await pressEnter();
      result.floors.pick.push((await shown) - started);
    };

    await rtt();
    for (let i = 0; want('edits') && i < options.samples; i++) {
      await attempt(`set status ${i}`, async () => {
        const lead = await pickLead();
        const status = statuses.find((s) => s !== lead.status && s !== 'New') as string;
        await page.keyboard.press('Alt+s');
        await typeInPick(status);
        await sample('setStatus', pressEnter, () => rowAppears(page, 'r.label.startsWith(arg)', `${lead.name}, ${status},`));
      });
      await attempt(`floor pick ${i}`, () => floorPick(i));
    }

    await rtt();
    for (let i = 0; want('edits') && i < options.samples; i++) {
      await attempt(`add tags ${i}`, async () => {
        const lead = await pickLead();
        const tag = `bench${Date.now().toString(36)}`;
        await page.keyboard.press('Alt+t');
        await typeInPick(tag);
        await sample('addTags', pressEnter, () => rowAppears(page, 'r.label.startsWith(arg[0]) && r.text.includes(arg[1])', [`${lead.name},`, tag]));
      });
      await attempt(`floor pick ${i}`, () => floorPick(i + 1));
    }

    // ---- the form: Open Lead (Alt+O on a loaded lead), and its Save (Ctrl+S) ----
    const closeEditors = async (): Promise<void> => {
      await runCommand(page, 'View: Close All Editors');
      await page.locator('iframe.webview').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
      await sleep(300);
    };
    await rtt();
    for (let i = 0; want('form') && i < options.samples + 1; i++) {
      const warmUp = i === 0;
      await attempt(`open lead ${i}`, async () => {
        await closeEditors();
        const lead = await pickLead();
        const form = webviewFrame(page);
        const ready = async (): Promise<number> => {
          await inner(form, 'f-name').waitFor({ state: 'visible', timeout: 30_000 });
          await waitUntilFast(async () => (await inner(form, 'f-name').inputValue()) === lead.name, 10_000, 'the form to show the lead');
          return now();
        };
        const press = (): Promise<void> => page.keyboard.press('Alt+o');
        if (warmUp) {
          await press();
          await ready();
        } else {
          await sample('openLead', press, ready);
        }
      });
      await attempt(`floor webview ${i}`, async () => {
        await closeEditors();
        await floorView();
        const shown = webviewFrame(page).locator(`#${FLOOR.inputId}`).waitFor({ state: 'visible', timeout: 30_000 }).then(now);
        const started = now();
        await page.keyboard.press(FLOOR.webviewKey);
        const ms = (await shown) - started;
        if (!warmUp) result.floors.webview.push(ms);
      });
    }

    await rtt();
    for (let i = 0; want('form') && i < options.samples; i++) {
      await attempt(`save ${i}`, async () => {
        await closeEditors();
        const lead = await pickLead();
        await page.keyboard.press('Alt+o');
        const form = webviewFrame(page);
        const name = inner(form, 'f-name');
        await name.waitFor({ state: 'visible', timeout: 30_000 });
        const renamed = `${lead.name.split(' ')[0] ?? 'Bench'} Saved${i}${Date.now().toString(36).slice(-4)}`;
        await name.fill(renamed);
        const tab = page.locator('.tabs-container .tab.dirty');
        await tab.first().waitFor({ state: 'visible', timeout: 10_000 });
        await sample(
          'save',
          () => page.keyboard.press('ControlOrMeta+s'),
          async () => {
            await rowAppears(page, 'r.label.startsWith(arg)', `${renamed},`);
            await tab.first().waitFor({ state: 'detached', timeout: 30_000 });
            return now();
          },
        );
      });
      await attempt(`floor pick ${i}`, () => floorPick(i + 2));
    }
    await closeEditors();

    // ---- 1,000 status changes: every loaded lead selected in the tree, one Set Status ----
    await rtt();
    if (want('bulk')) await attempt('bulk', async () => {
      setGroupBy('none', { 'topcalls.pageSize': 200 });
      await ours();
      await sleep(1_000);
      await runCommand(page, 'TopCalls: Refresh Leads');
      await idle();
      for (let pages = 0; pages < 60; pages++) {
        await scrollTree(page, 'end');
        const more = (await rows(page)).find((r) => /^Load more/.test(r.label));
        if (!more) throw new Error('no Load more row');
        if (more.index >= options.bulkSize) break;
        await (await clickAt(page, sidebarRow(page, more.index)))();
        await rowAppears(page, 'r.index === arg && !/^Load more/.test(r.label)', more.index);
      }
      await idle();
      for (let run = 0; run < options.bulkRuns; run++) {
        const status = statuses[(run % 3) + 1] as string;
        // A click on a lead (it opens in the preview, the focus stays in the tree), then Ctrl+A selects every row.
        const allSelected = async (): Promise<boolean> =>
          (await rows(page)).length > 0 && (await page.locator('.part.sidebar .monaco-list-row[aria-selected="false"]').count()) === 0;
        for (let tries = 0; tries < 5 && !(await allSelected()); tries++) {
          const visible = (await rows(page)).find((r) => r.level === 1 && r.label.includes(', '));
          if (!visible) throw new Error('no lead row on screen');
          await (await clickAt(page, sidebarRow(page, visible.index)))();
          await sleep(800);
          await page.keyboard.press('ControlOrMeta+a');
          await sleep(500);
        }
        await waitUntil(allSelected, 5_000, 'every row selected');
        await page.keyboard.press('Alt+s');
        await typeInPick(status);
        await sb.control('DELETE', 'requests');
        const toast = page.locator('.notifications-toasts .notification-list-item').filter({ hasText: new RegExp(`Set status of [\\d,]+ leads to ${status}`) });
        const started = now();
        await pressEnter();
        await toast.first().waitFor({ state: 'visible', timeout: 600_000 });
        result.bulk.ms.push(now() - started);
        const stats = await sb.control<{ peakInFlight: number }>('GET', 'stats');
        const requests = await sb.control<SeenRequest[]>('GET', 'requests');
        result.bulk.peakInFlight.push(stats.peakInFlight);
        result.bulk.patches.push(requests.filter((r) => r.method === 'PATCH').length);
        result.bulk.leads.push(Number(/of ([\d,]+) leads/.exec(await toast.first().innerText())?.[1]?.replace(/,/g, '') ?? NaN));
        log(`bulk ${run + 1}: ${(now() - started).toFixed(0)} ms, ${result.bulk.patches.at(-1)} PATCH, peak ${stats.peakInFlight} in flight`);
        await page.keyboard.press('Escape');
        await idle();
      }
    });
    await rtt();
    return result;
  } catch (error) {
    result.errors.push(errorText(error));
    if (server) log(`code-server log tail:\n${server.logTail(15)}`);
    return result;
  } finally {
    agent.destroy();
    await browser?.close();
    await server?.stop();
    await sandbox?.stop();
  }
}

/** waitUntil with a 10 ms step, for conditions polled inside a timing. */
async function waitUntilFast(condition: () => Promise<boolean>, timeout: number, what: string): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(10);
  }
}

