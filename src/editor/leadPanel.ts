// One lead's editor panel on the host side: owns the lead as the form loaded it,
// checks and runs saves, and keeps the form in step with changes made elsewhere.
import * as vscode from 'vscode';
import type { TopCallsClient } from '../api/client';
import type { Log } from '../log';
import { describeZodError, type Lead } from '../api/schemas';
import { ToHostSchema, type SaveRequest, type ToWebview } from '../protocol';
import type { LeadStore } from '../store/leadStore';
import type { LeadsView } from '../tree/leadsView';
import { apiHost } from '../auth/account';
import { SET_TOKEN_COMMAND } from '../ui/errors';
import { toFailure } from './failure';
import { errorHeadline } from '../ui/errors';
import { sameValue } from './fields';
import { formHtml, webviewOptions } from './html';
import { saveThroughStore } from './save';
import { webviewStrings } from './strings';

export interface EditorDeps {
  context: vscode.ExtensionContext;
  client: TopCallsClient;
  store: LeadStore;
  view: LeadsView;
  log: Log;
}

export class LeadPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly posted = new vscode.EventEmitter<ToWebview>();
  private readonly disposed = new vscode.EventEmitter<void>();
  /** Every message the host sends the form (tests watch the protocol through it). */
  readonly onDidPost = this.posted.event;
  readonly onDidDispose = this.disposed.event;
  private dirty = false;
  private saving: Promise<void> | undefined;
  /** Whether the page is loaded and listening: not before its `ready`, nor once hidden (hiding destroys it). */
  private ready = false;
  /** Results the form must not miss that came while it was not ready; sent after the next init. */
  private undelivered: ToWebview[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: EditorDeps,
    /** The lead as the form last received it: what saves are diffed and checked against. */
    private base: Lead,
  ) {
    const extensionUri = deps.context.extensionUri;
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = formHtml(panel.webview, extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'topcalls.svg');
    this.updateTitle();
    this.disposables.push(
      this.posted,
      this.disposed,
      panel.webview.onDidReceiveMessage((message: unknown) => this.handleMessage(message)),
      deps.store.onDidChange(({ changed, gone }) => {
        if (gone.includes(this.leadId)) this.leadChanged(undefined);
        // The panel's own save takes its answer when it ends, so it is not mistaken for someone else's change.
        else if (changed.includes(this.leadId) && this.saving === undefined) this.leadChanged(deps.store.get(this.leadId));
      }),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  get leadId(): string {
    return this.base.id;
  }

  get lead(): Lead {
    return this.base;
  }

  /** Everything the webview sends arrives here, parsed first: a malformed message is logged and dropped. */
  async handleMessage(raw: unknown): Promise<void> {
    const parsed = ToHostSchema.safeParse(raw);
    if (!parsed.success) {
      this.deps.log.warn(`Lead form sent an invalid message, ignored: ${describeZodError(parsed.error)}`);
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.post({
          type: 'init',
          lead: this.base,
          strings: webviewStrings(),
          savePending: this.saving !== undefined || this.undelivered.some((m) => m.type === 'saveResult'),
        });
        for (const pending of this.undelivered.splice(0)) this.post(pending);
        return;
      case 'dirty':
        this.dirty = message.dirty;
        this.updateTitle();
        return;
      case 'save':
        return this.save(message);
      case 'action':
        if (message.action === 'setToken') {
          await vscode.commands.executeCommand(SET_TOKEN_COMMAND);
        } else {
          this.panel.dispose();
        }
        return;
    }
  }

  /** Asks the form to save, as its own Save button would (the keybinding runs in the host). */
  requestSave(): void {
    this.post({ type: 'requestSave' });
  }

  /** Re-reads the lead; the answer reaches this panel (and the tree) through the store. */
  async refresh(): Promise<void> {
    try {
      this.deps.store.put(await this.deps.client.getLead(this.leadId));
    } catch (error) {
      const failure = toFailure(error, errorHeadline);
      if (failure.kind === 'gone') {
        this.deps.store.remove(this.leadId);
      } else {
        this.deliver({ type: 'notice', failure });
      }
    }
  }

  /** The token of the API this form saves to was removed: the form says so and keeps its text, and Save works again after sign-in. */
  signedOut(baseUrl: string): void {
    const title = vscode.l10n.t('Signed out of TopCalls at {0}. Your changes are kept: sign in, then save.', apiHost(baseUrl));
    this.deliver({ type: 'notice', failure: { kind: 'auth', title, fieldErrors: {}, retry: false, maybeAppended: false } });
  }

  /** A second save while one is running is the same save: one request, whatever the form sends. */
  private save(request: SaveRequest): Promise<void> {
    this.saving ??= this.runSave(request).finally(() => (this.saving = undefined));
    return this.saving;
  }

  private async runSave({ baseUpdatedAt, patch }: SaveRequest): Promise<void> {
    if (baseUpdatedAt !== this.base.updated_at) {
      // The form diffed against an older copy than the one it has been sent since.
      this.deliver({ type: 'saveResult', result: { outcome: 'conflict', lead: this.base } });
      return;
    }
    try {
      const result = await saveThroughStore(this.deps, this.base, patch);
      // The store's copy: the newest, with what the answer left out still known.
      const lead = this.deps.store.get(this.leadId) ?? result.lead;
      this.base = lead;
      this.updateTitle();
      if (result.outcome === 'conflict') {
        this.deps.log.info(`Lead ${this.leadId}: not saved, changed on the server meanwhile (${result.fields.join(', ')})`);
      }
      this.deliver({ type: 'saveResult', result: { outcome: result.outcome, lead } });
    } catch (error) {
      const failure = toFailure(error, errorHeadline, patch);
      this.deps.log.error(`Lead ${this.leadId}: save failed: ${failure.title}${failure.detail ? `: ${failure.detail}` : ''}`);
      this.deliver({ type: 'saveResult', result: { outcome: 'failed', failure } });
    }
  }

  private leadChanged(lead: Lead | undefined): void {
    if (!lead) {
      this.deliver({ type: 'notice', failure: { kind: 'gone', title: '', fieldErrors: {}, retry: false, maybeAppended: false } });
      return;
    }
    if (sameValue(lead, this.base)) return;
    this.base = lead;
    this.updateTitle();
    this.post({ type: 'lead', lead });
  }

  /** Posts a message the form must not miss: kept for the next `ready` if the page is not there to take it. */
  private deliver(message: ToWebview): void {
    if (this.ready) this.post(message);
    else this.undelivered.push(message);
  }

  private post(message: ToWebview): void {
    this.posted.fire(message);
    void this.panel.webview.postMessage(message);
  }

  private updateTitle(): void {
    const name = this.base.name || this.base.phone_number;
    this.panel.title = this.dirty ? `● ${name}` : name;
  }

  dispose(): void {
    if (this.disposables.length === 0) return;
    this.disposed.fire();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
