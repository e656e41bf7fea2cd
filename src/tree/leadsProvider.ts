// The Leads view: renders the model, loads pages as groups open, and turns
// account-wide failures (bad token, API unreachable) into an in-view state.
import * as vscode from 'vscode';
import { ApiError } from '../api/errors';
import { describeError } from '../ui/errors';
import { groupTreeItem, leadTooltip, leadTreeItem, loadMoreTreeItem, messageTreeItem } from './leadItem';
import type { GroupKey, LeadsModel, ModelChange } from './leadsModel';
import { NodeCache, nodeId, type LeadsNode } from './nodes';

export const VIEW_ID = 'topcalls.leads';
/** `unauthorized` | `unreachable` | `` for the view's welcome content. */
const ERROR_CONTEXT = 'topcalls.leadsError';

export class LeadsProvider implements vscode.TreeDataProvider<LeadsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<LeadsNode | LeadsNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly nodes = new NodeCache();
  private pending: Set<LeadsNode> | 'all' | undefined;
  private viewError: unknown;
  private treeView: vscode.TreeView<LeadsNode> | undefined;

  constructor(
    private readonly model: () => LeadsModel,
    private readonly signedIn: () => boolean | Promise<boolean>,
  ) {}

  attach(treeView: vscode.TreeView<LeadsNode>): void {
    this.treeView = treeView;
  }

  /** Called by the model: batches what changed and fires once, so a move between groups is one refresh. */
  modelChanged(change: ModelChange): void {
    if (change.kind === 'all') {
      this.nodes.clear();
      this.pending = 'all';
    } else if (this.pending !== 'all') {
      this.pending ??= new Set();
      if (change.kind === 'lead') {
        this.pending.add(this.nodes.lead(change.id));
      } else {
        this.pending.add(this.parentOfGroupChildren(change.group) ?? this.nodes.group(change.group));
      }
    }
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    const pending = this.pending;
    this.pending = undefined;
    if (pending === 'all') {
      this.changed.fire(undefined);
    } else if (pending && pending.size > 0) {
      // The root stands for itself as `undefined` in VS Code's API.
      const nodes = [...pending];
      this.changed.fire(nodes.includes(ROOT) ? undefined : nodes);
    }
  }

  /** Clears an account-wide error and reloads everything. */
  retry(): void {
    this.setViewError(undefined);
    this.model().reset();
  }

  getTreeItem(node: LeadsNode): vscode.TreeItem {
    const model = this.model();
    const id = nodeId(node);
    switch (node.kind) {
      case 'group':
        return groupTreeItem(node.group, model.group(node.group), model.group(node.group).ids.length, id);
      case 'lead': {
        const lead = model.lead(node.id);
        // A node VS Code still holds for a lead that just left: it is about to disappear.
        return lead ? leadTreeItem(lead, id) : new vscode.TreeItem('', vscode.TreeItemCollapsibleState.None);
      }
      case 'more':
        return loadMoreTreeItem(node.group, id);
      case 'message': {
        const text =
          node.tone === 'error'
            ? vscode.l10n.t('Could not load: {0}', describeError(model.group(node.group).error))
            : vscode.l10n.t('No leads');
        return messageTreeItem(node.group, node.tone, text, id);
      }
    }
  }

  resolveTreeItem(item: vscode.TreeItem, node: LeadsNode): vscode.TreeItem {
    const lead = node.kind === 'lead' ? this.model().lead(node.id) : undefined;
    if (lead) {
      item.tooltip = leadTooltip(lead);
    }
    return item;
  }

  async getChildren(node?: LeadsNode): Promise<LeadsNode[]> {
    if (!(await this.signedIn()) || this.viewError !== undefined) {
      return [];
    }
    const model = this.model();
    if (!node) {
      return model.groupBy === 'none' ? this.groupChildren('all') : model.groupKeys().map((key) => this.nodes.group(key));
    }
    return node.kind === 'group' ? this.groupChildren(node.group) : [];
  }

  getParent(node: LeadsNode): LeadsNode | undefined {
    const model = this.model();
    if (model.groupBy === 'none' || node.kind === 'group') {
      return undefined;
    }
    if (node.kind === 'lead') {
      const group = model.groupOf(node.id);
      return group === undefined ? undefined : this.nodes.group(group);
    }
    return this.nodes.group(node.group);
  }

  private async groupChildren(key: GroupKey): Promise<LeadsNode[]> {
    const model = this.model();
    const state = model.group(key);
    if (!state.loaded && state.error === undefined) {
      // The model announces the loaded group, which also refreshes its count in the label.
      const connected = this.connected();
      try {
        await this.withViewProgress(() => model.loadMore(key));
      } catch (error) {
        if (stopsTheView(error, connected)) {
          this.setViewError(error);
          return [];
        }
      }
    }
    const children = state.ids.map((id) => this.nodes.lead(id));
    if (state.error !== undefined) {
      // What was already loaded stays; the error takes the place of "Load more…".
      children.push(this.nodes.message(key, 'error'));
    } else if (state.hasMore) {
      children.push(this.nodes.more(key));
    } else if (children.length === 0) {
      children.push(this.nodes.message(key, 'empty'));
    }
    return children;
  }

  /** "Load more…": fetches the next page of one group and refreshes only that group. */
  async loadMore(key: GroupKey): Promise<void> {
    const connected = this.connected();
    try {
      await this.withViewProgress(() => this.model().loadMore(key));
    } catch (error) {
      if (stopsTheView(error, connected)) {
        this.setViewError(error);
      }
    }
  }

  /** Whether a page has come since the view was last reset: the connection worked. */
  private connected(): boolean {
    const model = this.model();
    return model.groupKeys().some((key) => model.group(key).loaded);
  }

  /** Retries one group's failed load. */
  async retryGroup(key: GroupKey): Promise<void> {
    this.model().group(key).error = undefined;
    await this.loadMore(key);
  }

  private parentOfGroupChildren(key: GroupKey): LeadsNode | undefined {
    return this.model().groupBy === 'none' && key === 'all' ? ROOT : undefined;
  }

  private setViewError(error: unknown): void {
    this.viewError = error;
    const kind =
      error === undefined ? '' : error instanceof ApiError && (error.status === 401 || error.kind === 'no-token') ? 'unauthorized' : 'unreachable';
    void vscode.commands.executeCommand('setContext', ERROR_CONTEXT, kind);
    if (this.treeView) {
      this.treeView.message = error === undefined ? undefined : describeError(error);
    }
    this.pending = 'all';
    queueMicrotask(() => this.flush());
  }

  withViewProgress<T>(task: () => Promise<T>): Promise<T> {
    return Promise.resolve(vscode.window.withProgress({ location: { viewId: VIEW_ID } }, task));
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** A sentinel for "the root's children changed" (flat mode). */
const ROOT: LeadsNode = { kind: 'group', group: 'all' };

/**
 * Failures that no group can do better on: every request would fail the same way. A network
 * failure or timeout is one only until a page has come; after that it is the group's error
 * (its row offers Retry) and the rows already loaded stay.
 */
function stopsTheView(error: unknown, connected: boolean): boolean {
  if (!(error instanceof ApiError)) return false;
  const transport = error.kind === 'network' || error.kind === 'timeout';
  return error.kind === 'no-token' || error.status === 401 || error.status === 403 || (transport && !connected);
}
