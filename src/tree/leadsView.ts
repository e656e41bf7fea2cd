// The Leads view as a whole: the tree, its filter and its commands, all showing the store's copy of each lead and following its changes.
// Commands that need zod or libphonenumber-js load their code when first run.
import * as vscode from 'vscode';
import type { TopCallsClient } from '../api/client';
import { ApiError } from '../api/errors';
import type { Lead, LeadFilters } from '../shared/schemas';
import { groupBy, pageSize } from '../config';
import type { LeadStore } from '../store/leadStore';
import { showError } from '../ui/errorMessages';
import { notifyError, notifyWarning } from '../ui/notify';
import { describeFilters, isEmpty, loadFilters, saveFilters } from './filterState';
import { LeadsModel, type GroupKey } from './leadsModel';
import { LeadsProvider } from './leadsProvider';
import { checkingSavedFilter } from './savedFilter';
import type { LeadsNode } from './nodes';
import { Command, ContextKey, LEADS_VIEW_ID } from '../contributions';


export class LeadsView implements vscode.Disposable {
  readonly model: LeadsModel;
  readonly provider: LeadsProvider;
  readonly treeView: vscode.TreeView<LeadsNode>;
  private readonly disposables: vscode.Disposable[] = [];
  /** A window starts with the key unset, which `when` clauses read as false. */
  private filteredContext = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: TopCallsClient,
    private readonly store: LeadStore,
    /** Known once SecretStorage answers; activation does not wait for it. */
    private signedIn: boolean | Promise<boolean>,
  ) {
    this.provider = new LeadsProvider(
      () => this.model,
      () => this.signedIn,
    );
    const saved = loadFilters(context.workspaceState);
    this.model = new LeadsModel(
      store,
      checkingSavedFilter(
        saved,
        () => this.model.filters,
        (filters, cursor) => this.client.listLeads(filters, cursor, pageSize()),
        () => this.setFilters({}),
      ),
      (change) => this.provider.modelChanged(change),
      groupBy(),
      saved,
    );
    this.treeView = vscode.window.createTreeView(LEADS_VIEW_ID, {
      treeDataProvider: this.provider,
      showCollapseAll: true,
      canSelectMany: true,
    });
    this.provider.attach(this.treeView);
    this.disposables.push(
      this.treeView,
      this.provider,
      this.model,
      store.onDidChange(({ gone }) => {
        for (const id of gone) this.provider.nodes.dropLead(id);
      }),
    );
    this.showFilter();
  }

  setSignedIn(signedIn: boolean): void {
    this.signedIn = signedIn;
    this.refresh();
  }

  /**
   * Starts over from nothing, taking the server's copies as they are (see LeadStore.forget):
   * after a sign-in or URL change the rows shown were another token's, so none are kept.
   */
  refresh(): void {
    this.store.forget();
    this.provider.retry();
  }

  /**
   * Refresh Leads: the rows on screen stay until the new first pages replace them, and stay
   * (marked) when the refresh fails. With nothing on screen (a welcome, or nothing opened
   * yet) there is nothing to keep: it starts over.
   */
  async refreshKeepingRows(): Promise<void> {
    if (this.provider.showsRows() && (await this.signedIn)) {
      await this.provider.refreshRows();
    } else {
      this.refresh();
    }
  }

  regroup(): void {
    this.model.reset({ groupBy: groupBy() });
  }

  async setFilters(filters: LeadFilters): Promise<void> {
    await saveFilters(this.context.workspaceState, filters);
    this.model.reset({ filters });
    this.showFilter();
  }

  private showFilter(): void {
    const filters = this.model.filters;
    const text = describeFilters(filters);
    const description = text ? vscode.l10n.t('Filtered: {0}', text) : undefined;
    // Only on a change: activation, the usual time this runs, then sends nothing to the window.
    if (this.treeView.description !== description) this.treeView.description = description;
    this.provider.setNote(description);
    const filtered = !isEmpty(filters);
    if (this.filteredContext !== filtered) {
      this.filteredContext = filtered;
      void vscode.commands.executeCommand('setContext', ContextKey.filtered, filtered);
    }
  }

  /** Shows a lead in the tree, selected; loads its group first when it is not open yet. */
  async reveal(lead: Lead): Promise<boolean> {
    const group = this.model.placeFor(lead);
    if (group === undefined) {
      return false;
    }
    if (!this.model.group(group).loaded) {
      await this.provider.withViewProgress(() => this.model.loadMore(group));
    }
    this.store.put(lead);
    this.model.place(lead.id);
    // VS Code finds the node among the group's children as it last fetched them: a row just added
    // is there once the tree has taken in the change, which a busy window takes a while to do.
    const waits = [0, 100, 400, 1_000];
    for (let attempt = 0; ; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, waits[attempt]));
      try {
        await this.treeView.reveal(this.provider.nodes.lead(lead.id), { select: true, focus: true, expand: true });
        return true;
      } catch (error) {
        if (attempt === waits.length - 1) throw error;
      }
    }
  }

  /**
   * The leads a command is about: the tree's multi-selection it was run on, the node or
   * id it was given, else what is selected in the tree.
   */
  leadsFromArgs(arg: unknown, selected?: unknown): Lead[] {
    const nodes: readonly unknown[] = Array.isArray(selected) && selected.length > 0 ? selected : arg !== undefined ? [arg] : this.treeView.selection;
    const leads: Lead[] = [];
    for (const node of nodes) {
      const id = typeof node === 'string' ? node : isLeadNode(node) ? node.id : undefined;
      const lead = id === undefined ? undefined : this.model.lead(id);
      if (lead) leads.push(lead);
    }
    return leads;
  }

  register(): vscode.Disposable[] {
    const command = (id: string, run: (...args: unknown[]) => unknown): vscode.Disposable =>
      vscode.commands.registerCommand(id, run);
    return [
      command(Command.refresh, () => this.refreshKeepingRows()),
      command(Command.loadMore, (group) => this.provider.loadMore(group as GroupKey)),
      command(Command.retryGroup, (group) => this.provider.retryGroup(group as GroupKey)),
      command(Command.filter, (arg) => this.filterCommand(arg)),
      command(Command.filterOn, (arg) => this.filterCommand(arg)),
      command(Command.clearFilter, () => this.setFilters({})),
      command(Command.goToPhone, async (arg) => (await import('./goToPhone')).goToPhone(this, this.client, arg)),
      command(Command.copyPhone, (arg) => this.copy(arg, (lead) => lead.phone_number)),
      command(Command.copyEmail, (arg) => this.copy(arg, (lead) => lead.email ?? undefined)),
      command(Command.copyId, (arg) => this.copy(arg, (lead) => lead.id)),
      command(Command.refreshLead, (arg, selected) => this.refreshLeads(this.leadsFromArgs(arg, selected))),
    ];
  }

  private async filterCommand(arg: unknown): Promise<void> {
    if (arg !== undefined) {
      // From automation: a filter object, checked like anything else from outside.
      const { LeadFiltersSchema, describeZodError } = await import('../shared/schemas');
      const parsed = LeadFiltersSchema.safeParse(arg);
      if (!parsed.success) {
        void notifyError(vscode.l10n.t('Invalid filter: {0}', describeZodError(parsed.error)));
        return;
      }
      await this.setFilters(parsed.data);
      return;
    }
    const { pickFilters } = await import('./filters');
    const picked = await pickFilters(this.model.filters, this.model.allLoaded());
    if (picked) {
      await this.setFilters(picked);
    }
  }

  private async copy(arg: unknown, pick: (lead: Lead) => string | undefined): Promise<void> {
    const values = this.leadsFromArgs(arg).map(pick).filter((v): v is string => Boolean(v));
    if (values.length === 0) {
      return;
    }
    await vscode.env.clipboard.writeText(values.join('\n'));
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', values.join(', ')), 3000);
  }

  /** Re-reads leads from the server: updated in place, or removed when they are gone. */
  async refreshLeads(leads: Lead[]): Promise<void> {
    await this.provider.withViewProgress(async () => {
      for (const lead of leads) {
        try {
          this.store.put(await this.client.getLead(lead.id));
        } catch (error) {
          if (error instanceof ApiError && error.gone) {
            this.store.remove(lead.id);
            void notifyWarning(vscode.l10n.t('{0} no longer exists on TopCalls and was removed from the list.', lead.name));
          } else {
            showError(error, { retry: () => this.refreshLeads([lead]) });
          }
        }
      }
    });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function isLeadNode(value: unknown): value is { kind: 'lead'; id: string } {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'lead';
}
