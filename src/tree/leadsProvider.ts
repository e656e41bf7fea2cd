// The Leads view: renders the model, loads pages as groups open, and turns
// account-wide failures (bad token, API unreachable) into an in-view state.
import * as vscode from 'vscode';
import { ApiError } from '../api/errors';
import { formatMoment } from '../shared/dates';
import { describeError, errorHeadline } from '../ui/errorMessages';
import { groupTreeItem, leadTooltip, leadTreeItem, loadMoreTreeItem, messageTreeItem } from './leadItem';
import type { GroupKey, LeadsModel, ModelChange } from './leadsModel';
import { NodeCache, nodeId, type LeadsNode } from './nodes';
import { phoneFormatting } from './phoneDisplay';
import { ContextKey, LEADS_VIEW_ID } from '../contributions';


export class LeadsProvider implements vscode.TreeDataProvider<LeadsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<LeadsNode | LeadsNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly nodes = new NodeCache();
  private pending: Set<LeadsNode> | 'all' | undefined;
  /** How many getChildren calls are running per parent (ROOT for the root). */
  private readonly fetching = new Map<LeadsNode, number>();
  private viewError: unknown;
  private note: string | undefined;
  private messageCalls = 0;
  /** Bumped by retry() (sign-in state or API URL changed): a failure of a load started before it is stale. */
  private epoch = 0;
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
      // A reset or a refresh's new rows: no longer stale.
      void this.showMessage();
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

  /**
   * Fires what changed, except nodes whose children VS Code is still fetching, or that are
   * being registered as children right now: VS Code 1.100 registers a fetch's children under
   * the parent node it read before asking us, so a refresh of that parent in between leaves
   * them registered under a node it threw away, and its next fetch of the parent fails with
   * "Element with id … is already registered". Those nodes fire once their fetch is over.
   * Whole-tree refreshes are safe at any time (VS Code cancels the fetches and clears all).
   */
  private flush(): void {
    const pending = this.pending;
    this.pending = undefined;
    if (pending === 'all') {
      this.changed.fire(undefined);
      return;
    }
    const ready: LeadsNode[] = [];
    const deferred = new Set<LeadsNode>();
    for (const node of pending ?? []) {
      if (this.fetching.has(node) || this.fetching.has(this.parentKey(node))) deferred.add(node);
      else ready.push(node);
    }
    if (deferred.size > 0) this.pending = deferred;
    if (ready.length > 0) {
      // The root stands for itself as `undefined` in VS Code's API.
      this.changed.fire(ready.includes(ROOT) ? undefined : ready);
    }
  }

  /** The key of the fetch a node's own tree item comes from: its parent's, the root's for a group. */
  private parentKey(node: LeadsNode): LeadsNode {
    if (node === ROOT) return ROOT;
    return node.kind === 'group' ? ROOT : (this.getParent(node) ?? ROOT);
  }

  /** Clears an account-wide error and reloads everything. */
  retry(): void {
    this.epoch++;
    this.setViewError(undefined);
    this.model().reset();
  }

  /**
   * Refresh Leads with rows on screen: they stay until the new first pages replace them, and
   * stay marked as possibly out of date when the refresh fails.
   */
  async refreshRows(): Promise<void> {
    const epoch = this.epoch;
    try {
      await this.withViewProgress(() => this.model().refresh());
    } catch (error) {
      // A token that no longer works (401, 403) still takes the view to its welcome: the rows
      // belong to it, every edit of them would fail the same way, and the welcome's Set API
      // Token is the way on (a message keeping the rows would hide the welcome and its buttons).
      if (epoch === this.epoch && stopsTheView(error, true)) this.setViewError(error);
    } finally {
      void this.showMessage();
    }
  }

  /** Whether rows (or a group's "No leads") are on screen, which a refresh then keeps. */
  showsRows(): boolean {
    return this.viewError === undefined && this.model().anyLoaded;
  }

  getTreeItem(node: LeadsNode): vscode.TreeItem {
    const model = this.model();
    const id = nodeId(node);
    // The rows' top level carries the mark: the groups, or the leads when listed flat.
    const stale = model.stale !== undefined;
    switch (node.kind) {
      case 'group':
        return groupTreeItem(node.group, model.group(node.group), id, stale);
      case 'lead': {
        const lead = model.lead(node.id);
        // A node VS Code still holds for a lead that just left: it is about to disappear.
        return lead ? leadTreeItem(lead, id, stale && model.groupBy === 'none') : new vscode.TreeItem('', vscode.TreeItemCollapsibleState.None);
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
    const key = node ?? ROOT;
    this.fetching.set(key, (this.fetching.get(key) ?? 0) + 1);
    try {
      return await this.children(node);
    } finally {
      // VS Code registers the children a few microtasks after this settles: a macrotask later they are in.
      setTimeout(() => {
        const left = (this.fetching.get(key) ?? 1) - 1;
        if (left > 0) this.fetching.set(key, left);
        else this.fetching.delete(key);
        if (this.pending !== undefined) this.flush();
      }, 0);
    }
  }

  private async children(node: LeadsNode | undefined): Promise<LeadsNode[]> {
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
    // Rows show numbers formatted: the formatter loads (once) while the page does.
    const formatting = phoneFormatting();
    if (!state.loaded && state.error === undefined) {
      // The model announces the loaded group, which also refreshes its count in the label.
      const epoch = this.epoch;
      const connected = this.connected();
      try {
        await this.withViewProgress(() => model.loadMore(key));
      } catch (error) {
        if (this.stopsTheViewNow(error, epoch, connected)) {
          this.setViewError(error);
          return [];
        }
      }
    }
    await formatting;
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
    const epoch = this.epoch;
    const connected = this.connected();
    try {
      await this.withViewProgress(() => this.model().loadMore(key));
    } catch (error) {
      if (this.stopsTheViewNow(error, epoch, connected)) {
        this.setViewError(error);
      }
    }
  }

  /** A view-wide failure that still applies: "no token" for the URL before a change must not stand for the new one. */
  private stopsTheViewNow(error: unknown, epoch: number, connected: boolean): boolean {
    return epoch === this.epoch && stopsTheView(error, connected);
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
    void vscode.commands.executeCommand('setContext', ContextKey.leadsError, welcomeFor(error));
    void this.showMessage();
    this.pending = 'all';
    queueMicrotask(() => this.flush());
  }

  /**
   * The note above the tree when no error takes its place (the active filter): the view's
   * description is hidden while the view is alone in its container, this is not.
   */
  setNote(note: string | undefined): void {
    this.note = note;
    void this.showMessage();
  }

  /** The failure that stops the whole view, if any. */
  get accountError(): unknown {
    return this.viewError;
  }

  /** The welcome content the failure shows (the `topcalls.leadsError` context key), `` for none. */
  get errorWelcome(): ErrorWelcome {
    return welcomeFor(this.viewError);
  }

  /**
   * Signed out or stopped by an error, the view shows its welcome content (with buttons),
   * which any message would hide: VS Code shows it only for an empty tree without a message.
   */
  private async showMessage(): Promise<void> {
    const call = ++this.messageCalls;
    const signedIn = await this.signedIn();
    // A later call knows better (a sign-out while the first sign-in check was pending).
    if (call !== this.messageCalls || !this.treeView) return;
    const shown = this.viewError === undefined && signedIn ? [this.staleNote(), this.note].filter(Boolean).join(' ') : '';
    const message = shown || undefined;
    if (this.treeView.message !== message) this.treeView.message = message;
  }

  private staleNote(): string | undefined {
    const stale = this.model().stale;
    if (stale === undefined) return undefined;
    const why = stale.error instanceof ApiError ? errorHeadline(stale.error) : describeError(stale.error);
    return vscode.l10n.t(
      "Couldn't refresh: {0} Showing the leads loaded at {1}; they may be out of date.",
      why,
      formatMoment(stale.loadedAt, vscode.env.language),
    );
  }

  withViewProgress<T>(task: () => Promise<T>): Promise<T> {
    return Promise.resolve(vscode.window.withProgress({ location: { viewId: LEADS_VIEW_ID } }, task));
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Which welcome content a view-wide failure shows; `` for none. */
type ErrorWelcome = '' | 'unauthorized' | 'forbidden' | 'unreachable';

function welcomeFor(error: unknown): ErrorWelcome {
  if (error === undefined) return '';
  if (error instanceof ApiError && error.needsToken) return 'unauthorized';
  return error instanceof ApiError && error.forbidden ? 'forbidden' : 'unreachable';
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
  return error.needsToken || error.forbidden || (!connected && error.noAnswer);
}
