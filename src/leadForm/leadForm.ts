// One lead form: a webview showing a lead document. The document is the only state: the
// form is sent its values after every change, and its field edits come back as edits to
// the document's JSON. Saving, undo, the dirty mark and the save-conflict dialog are VS Code's.
import * as vscode from 'vscode';
import { describeZodError } from '../shared/schemas';
import { apiHost } from '../auth/account';
import type { SaveFailure } from '../document/leadFiles';
import { leadText, readLeadText, type TextProblem } from '../document/leadText';
import { leadIdOf } from '../document/leadUri';
import { problemText, writeFailureMessage } from '../document/writeFailureText';
import { ToHostSchema, type DocumentState, type EditRequest, type Notice, type ToWebview } from '../shared/protocol';
import { fieldEdits } from './documentEdit';
import { formHtml, webviewOptions } from './html';
import type { FormDeps } from './register';
import { webviewStrings } from './strings';
import { distinctTags } from '../shared/tags';
import { Command } from '../contributions';

export class LeadForm implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly posted = new vscode.EventEmitter<ToWebview>();
  private readonly disposed = new vscode.EventEmitter<void>();
  /** Every message the host sends the form (tests watch the protocol through it). */
  readonly onDidPost = this.posted.event;
  readonly onDidDispose = this.disposed.event;
  /** The form's last edit that is in the document (or was dropped): what the form may take back from it. */
  private applied = 0;
  /** Edits are applied one after another, each to the text the one before it left. */
  private editing: Promise<void> = Promise.resolve();
  /** A failed save or a sign-out, shown until a save goes through. */
  private notice: Notice | undefined;
  /** The notice is a failed save's: it goes too when the text is the lead's again (Revert File, undo). */
  private noticeFromSave = false;

  constructor(
    readonly document: vscode.TextDocument,
    readonly panel: vscode.WebviewPanel,
    private readonly deps: FormDeps,
  ) {
    const extensionUri = deps.context.extensionUri;
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = formHtml(panel.webview, extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'topcalls.svg');
    const mine = (uri: vscode.Uri): boolean => uri.toString() === document.uri.toString();
    this.disposables.push(
      this.posted,
      this.disposed,
      panel.webview.onDidReceiveMessage((message: unknown) =>
        this.handleMessage(message).catch((error: unknown) => this.deps.log.error(`Lead form: ${error instanceof Error ? error.message : String(error)}`)),
      ),
      // Also fired when only the dirty state changes (a save, an undo back to the saved text).
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (!mine(event.document.uri)) return;
        if (this.noticeFromSave && !document.isDirty) this.showNotice(undefined);
        this.postDocument();
      }),
      vscode.workspace.onDidSaveTextDocument((saved) => mine(saved.uri) && this.postDocument()),
      // Ctrl+S right after typing: the edits on their way are part of what is saved.
      vscode.workspace.onWillSaveTextDocument((event) => mine(event.document.uri) && event.waitUntil(this.editing)),
      deps.files.onDidSave(({ uri }) => mine(uri) && this.showNotice(undefined)),
      deps.files.onDidFailSave((failure) => {
        if (!mine(failure.uri)) return;
        // A save that found the lead deleted: the deleted notice stays, whatever the text becomes.
        if (savedLeadGone(failure)) this.showNotice(deletedNotice());
        else this.showNotice(saveNotice(failure), true);
      }),
      deps.store.onDidChange(({ changed, gone }) => {
        if (this.leadId === undefined) return;
        if (gone.includes(this.leadId)) this.showNotice(deletedNotice());
        else if (changed.includes(this.leadId)) this.postDocument();
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  get leadId(): string | undefined {
    return leadIdOf(this.document.uri);
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
        // Also after the page was hidden and shown again: hiding a webview destroys it, and the new page numbers its edits from 1.
        this.applied = 0;
        this.post({ type: 'init', strings: webviewStrings(), knownTags: this.otherLeadsTags() });
        this.postDocument();
        this.post({ type: 'notice', notice: this.notice });
        return;
      case 'edit':
        this.editing = this.editing.then(() => this.applyEdit(message));
        return this.editing;
      case 'action':
        switch (message.action) {
          case 'save':
            await this.editing;
            await this.document.save();
            return;
          case 'openAsJson':
            await vscode.commands.executeCommand(Command.openLeadAsJson, this.document.uri);
            return;
          case 'setToken':
            await vscode.commands.executeCommand(Command.setToken);
            return;
        }
    }
  }

  /** The tags of the other leads the host knows, one spelling each: this lead's own may change case in the form. */
  private otherLeadsTags(): string[] {
    return distinctTags(this.deps.store.all().flatMap((lead) => (lead.id === this.leadId ? [] : [lead.tags])));
  }

  /** The token of the API this form saves to was removed: the form says so; its edits are in the document. */
  signedOut(baseUrl: string): void {
    const message = vscode.l10n.t('Signed out of TopCalls at {0}. Your changes are kept: sign in, then save.', apiHost(baseUrl));
    this.showNotice({ message, fieldErrors: {}, signIn: true });
  }

  private async applyEdit(request: EditRequest): Promise<void> {
    const text = this.document.getText();
    // The form does not edit while the text is not a lead, but a message may have been on its way.
    const edits = readLeadText(text).ok ? fieldEdits(text, request) : [];
    this.applied = Math.max(this.applied, request.seq);
    if (edits.length === 0) {
      this.postDocument();
      return;
    }
    const edit = new vscode.WorkspaceEdit();
    for (const { offset, length, content } of edits) {
      edit.replace(this.document.uri, new vscode.Range(this.document.positionAt(offset), this.document.positionAt(offset + length)), content);
    }
    if (!(await vscode.workspace.applyEdit(edit))) {
      this.deps.log.warn(`Lead form: the edit of ${request.field} could not be applied to ${this.document.uri.toString()}`);
      this.postDocument();
    }
  }

  private postDocument(): void {
    const lead = this.leadId === undefined ? undefined : this.deps.store.get(this.leadId);
    const saved = lead && readLeadText(leadText(lead));
    this.post({
      type: 'document',
      state: documentState(this.document.getText()),
      applied: this.applied,
      ...(saved?.ok ? { saved: saved.document.values } : {}),
      dirty: this.document.isDirty,
    });
  }

  private showNotice(notice: Notice | undefined, fromSave = false): void {
    this.noticeFromSave = notice !== undefined && fromSave;
    if (notice === undefined && this.notice === undefined) return;
    this.notice = notice;
    this.post({ type: 'notice', notice });
  }

  private post(message: ToWebview): void {
    this.posted.fire(message);
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (this.disposables.length === 0) return;
    this.disposed.fire();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function documentState(text: string): DocumentState {
  const read = readLeadText(text);
  if (!read.ok) return { ok: false, problem: problemText(read.problem) };
  const { values, append, readonly } = read.document;
  return { ok: true, values, append, readonly };
}

/** The save failed because the lead is no longer on TopCalls (404). */
function savedLeadGone({ error }: SaveFailure): boolean {
  return error.failure.kind === 'api' && error.failure.error.gone;
}

/** The lead is no longer on TopCalls: the form stays, with whatever was typed in it, to copy from. */
function deletedNotice(): Notice {
  return {
    message: vscode.l10n.t('This lead no longer exists on TopCalls (it was deleted). The text is kept so you can copy it; it cannot be saved.'),
    fieldErrors: {},
    signIn: false,
  };
}

/** A failed save as the form shows it: VS Code's words for it in a banner, and the messages that name a field at that field. */
export function saveNotice({ error }: SaveFailure): Notice {
  const failure = error.failure;
  const fieldErrors =
    failure.kind === 'api'
      ? failure.error.fieldErrors
      : failure.kind === 'text' && failure.problem.path.length > 0
        ? { [fieldName(failure.problem)]: [problemText(failure.problem)] }
        : {};
  const signIn = failure.kind === 'api' && failure.error.needsToken;
  return { message: writeFailureMessage(failure), fieldErrors, signIn };
}

/** ['tags', 1] → `tags[1]`, as the API names fields. */
function fieldName(problem: TextProblem): string {
  return problem.path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}
