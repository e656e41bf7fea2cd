// The lead editors open in this window: Open Lead, reviving panels after a reload, and
// which panel is active. Loaded on first use (the protocol's schemas need zod).
import * as vscode from 'vscode';
import type { Lead } from '../api/schemas';
import { PanelStateSchema } from '../protocol';
import { showError } from '../ui/errors';
import { pickLead } from '../ui/pickLead';
import { LeadPanel, type EditorDeps } from './leadPanel';
import { LEAD_VIEW_TYPE } from './register';

export class LeadEditors {
  readonly panels = new Map<string, LeadPanel>();

  constructor(private readonly deps: EditorDeps) {}

  /** Opens the lead a command names (tree node, id, or a pick when run from the palette), or reveals its panel. */
  async open(arg: unknown): Promise<LeadPanel | undefined> {
    const lead = await this.leadFor(arg);
    if (!lead) return undefined;
    const existing = this.panels.get(lead.id);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(LEAD_VIEW_TYPE, lead.name || lead.phone_number, vscode.ViewColumn.Active, {
      enableFindWidget: true,
    });
    return this.adopt(panel, lead);
  }

  /** A panel VS Code restored after a reload: shown at once from its saved copy, then re-read. */
  async revive(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const parsed = PanelStateSchema.safeParse(state);
    if (!parsed.success) {
      this.deps.log.warn('A lead panel could not be restored: its saved state is not usable');
      panel.dispose();
      return;
    }
    const existing = this.panels.get(parsed.data.base.id);
    if (existing) {
      panel.dispose();
      existing.panel.reveal();
      return;
    }
    await this.adopt(panel, parsed.data.base).refresh();
  }

  /** Every form saves to the API URL configured now: all of them lost its token. */
  signedOut(baseUrl: string): void {
    for (const panel of this.panels.values()) panel.signedOut(baseUrl);
  }

  active(): LeadPanel | undefined {
    return [...this.panels.values()].find((p) => p.panel.active);
  }

  private adopt(panel: vscode.WebviewPanel, lead: Lead): LeadPanel {
    const leadPanel = new LeadPanel(panel, this.deps, lead);
    this.panels.set(lead.id, leadPanel);
    // Only its own entry: closing a second panel of the lead must not forget the one that stays.
    leadPanel.onDidDispose(() => {
      if (this.panels.get(lead.id) === leadPanel) this.panels.delete(lead.id);
    });
    return leadPanel;
  }

  private async leadFor(arg: unknown): Promise<Lead | undefined> {
    const loaded = this.deps.view.leadsFromArgs(arg)[0];
    if (loaded) return loaded;
    if (arg === undefined) return pickLead(this.deps.store.all(), this.deps.client, vscode.l10n.t('Open Lead'));
    if (typeof arg !== 'string') return undefined;
    // An id from outside the tree (a link, another command): ask the server.
    try {
      return await this.deps.client.getLead(arg);
    } catch (error) {
      showError(error, () => this.open(arg));
      return undefined;
    }
  }
}
