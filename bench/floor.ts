// The editor's own cost, measured next to ours in the same windows (bench/README.md):
// - an extension whose activate() does nothing (the activation floor, test/integration/bench.test.ts);
// - an extension that makes no request at all: a tree with a group of rows, a "more" row and a
//   quick pick that relabels a row, and a webview panel whose script draws one input. Driven by
//   bench/ui.ts exactly as our view and form are, it gives the part of each action no extension
//   can go below: an empty tree refresh, an empty webview.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const BASELINE_EXTENSION_ID = 'topcalls-bench.activation-floor';
export const EDITOR_FLOOR_ID = 'topcalls-bench.editor-floor';

/** Rows per "page" of the floor tree: the extension's default page size (topcalls.pageSize). */
export const FLOOR_PAGE = 50;

/** What bench/ui.ts needs to drive the floor: its activity-bar title and keys. */
export const FLOOR = {
  container: 'Bench Floor',
  groupLabel: 'Floor group',
  moreLabel: 'More floor rows',
  rowLabel: (i: number): string => `Floor row ${i}`,
  pickKey: 'Control+Alt+Shift+F7',
  webviewKey: 'Control+Alt+Shift+F8',
  resetCommand: 'Bench Floor: Reset',
  inputId: 'floor-ready',
} as const;

/** Writes the do-nothing extension (a one-line main, no dependencies) into dir; returns dir. */
export function writeBaselineExtension(dir: string): string {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const [publisher, name] = BASELINE_EXTENSION_ID.split('.');
  const manifest = { name, publisher, version: '0.0.0', engines: { vscode: '^1.100.0' }, main: './extension.js', activationEvents: [] };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(dir, 'extension.js'), 'exports.activate = () => {};\n');
  return dir;
}

const toKeybinding = (key: string): string => key.toLowerCase().replace(/control/g, 'ctrl');

/** Writes the no-request editor floor extension into dir; returns dir. */
export function writeEditorFloorExtension(dir: string): string {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const [publisher, name] = EDITOR_FLOOR_ID.split('.');
  const manifest = {
    name,
    publisher,
    version: '0.0.0',
    engines: { vscode: '^1.100.0' },
    main: './extension.js',
    activationEvents: ['onStartupFinished'],
    contributes: {
      viewsContainers: { activitybar: [{ id: 'benchFloor', title: FLOOR.container, icon: 'icon.svg' }] },
      views: { benchFloor: [{ id: 'benchFloor.tree', name: 'Floor' }] },
      commands: [
        { command: 'benchFloor.reset', title: 'Reset', category: 'Bench Floor' },
        { command: 'benchFloor.more', title: 'More', category: 'Bench Floor' },
        { command: 'benchFloor.pick', title: 'Pick', category: 'Bench Floor' },
        { command: 'benchFloor.webview', title: 'Webview', category: 'Bench Floor' },
      ],
      keybindings: [
        { command: 'benchFloor.pick', key: toKeybinding(FLOOR.pickKey) },
        { command: 'benchFloor.webview', key: toKeybinding(FLOOR.webviewKey) },
      ],
    },
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(dir, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect x="4" y="4" width="16" height="16"/></svg>\n');
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'MIT\n');
  const constants = JSON.stringify({ page: FLOOR_PAGE, group: FLOOR.groupLabel, more: FLOOR.moreLabel, inputId: FLOOR.inputId });
  fs.writeFileSync(
    path.join(dir, 'extension.js'),
    `const vscode = require('vscode');
const C = ${constants};
exports.activate = (context) => {
  let generation = 0;
  let count = C.page;
  let picks = 0;
  const rowSuffix = new Map();
  const nodes = new Map();
  const node = (id) => { let n = nodes.get(id); if (!n) { n = { id }; nodes.set(id, n); } return n; };
  const group = () => node('g' + generation);
  const changed = new vscode.EventEmitter();
  const provider = {
    onDidChangeTreeData: changed.event,
    getChildren(element) {
      if (!element) return [group()];
      if (!element.id.startsWith('g')) return [];
      const rows = [];
      for (let i = 0; i < count; i++) rows.push(node(generation + ':r' + i));
      rows.push(node(generation + ':more'));
      return rows;
    },
    getTreeItem(element) {
      if (element.id.startsWith('g')) {
        const item = new vscode.TreeItem(C.group, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = element.id;
        return item;
      }
      if (element.id.endsWith(':more')) {
        const item = new vscode.TreeItem(C.more);
        item.id = element.id;
        item.command = { command: 'benchFloor.more', title: 'More' };
        return item;
      }
      const i = Number(element.id.split(':r')[1]);
      const item = new vscode.TreeItem('Floor row ' + i + (rowSuffix.get(i) || ''));
      item.id = element.id;
      item.description = '+1 555 0100 · tag';
      return item;
    },
  };
  context.subscriptions.push(
    vscode.window.createTreeView('benchFloor.tree', { treeDataProvider: provider, canSelectMany: true }),
    vscode.commands.registerCommand('benchFloor.reset', () => {
      generation++;
      count = C.page;
      rowSuffix.clear();
      changed.fire(undefined);
    }),
    vscode.commands.registerCommand('benchFloor.more', () => {
      count += C.page;
      changed.fire(group());
    }),
    vscode.commands.registerCommand('benchFloor.pick', async () => {
      const picked = await vscode.window.showQuickPick(['New', 'Contacted', 'Converted', 'Unsubscribed']);
      if (!picked) return;
      rowSuffix.set(0, ' ' + picked + ' ' + ++picks);
      changed.fire(node(generation + ':r0'));
    }),
    vscode.commands.registerCommand('benchFloor.webview', () => {
      const panel = vscode.window.createWebviewPanel('benchFloor.empty', 'Floor webview', vscode.ViewColumn.Active, { enableScripts: true });
      const nonce = String(Math.random()).slice(2);
      panel.webview.html = '<!DOCTYPE html><html><head><meta charset="utf-8">' +
        '<meta http-equiv="Content-Security-Policy" content="default-src \\'none\\'; script-src \\'nonce-' + nonce + '\\';"></head>' +
        '<body><script nonce="' + nonce + '">document.body.innerHTML = \\'<input id="' + C.inputId + '" value="ready">\\';</script></body></html>';
    }),
  );
};
`,
  );
  return dir;
}
