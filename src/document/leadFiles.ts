// `topcalls:/leads/<id>.json`: each lead as a file, so the form and the JSON editor on it get
// what VS Code gives every document (dirty state, save prompts, hot exit, undo, preview tabs,
// the "newer on disk" dialog). The store is the source: files follow it, and a save goes
// through it.
import * as vscode from 'vscode';
import type { TopCallsClient } from '../api/client';
import { ApiError } from '../api/errors';
import type { Lead } from '../shared/schemas';
import type { Log } from '../log';
import type { LeadStore } from '../store/leadStore';
import { leadText } from './leadText';
import { notificationText } from '../ui/notificationText';
import { leadIdOf, leadUri } from './leadUri';
import { writeFailureMessage } from './writeFailureText';
import { LeadWriteError } from './writeFailure';
import type { AppendJournal, WriteOutcome } from './writeLead';

/** How long a copy handed to VS Code stands in for a fresh read in the stat that follows it. */
const TRUST_MS = 3_000;

export interface LeadFilesDeps {
  client: TopCallsClient;
  store: LeadStore;
  log: Log;
  journal: AppendJournal;
  memory: vscode.Memento;
}

export interface SaveEvent {
  uri: vscode.Uri;
  outcome: WriteOutcome;
}

export interface SaveFailure {
  uri: vscode.Uri;
  /** The document's text as it was being saved (diagnostics are placed on it). */
  text: string;
  error: LeadWriteError;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class LeadFiles implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  private readonly saved = new vscode.EventEmitter<SaveEvent>();
  private readonly failed = new vscode.EventEmitter<SaveFailure>();
  readonly onDidChangeFile = this.changes.event;
  readonly onDidSave = this.saved.event;
  readonly onDidFailSave = this.failed.event;
  /** Leads whose store copy the next stat may use instead of reading the lead again, until when. */
  private readonly trusted = new Map<string, number>();
  /** Leads whose last stat read them fresh: the save that follows uses that read. */
  private readonly fresh = new Map<string, Lead>();
  /** Saved files whose text is not the lead's own text: they are reloaded once VS Code has finished the save. */
  private readonly reloadAfterSave = new Set<string>();
  /** Leads whose save under way was started by auto-save (after a delay, on focus change), not by the user. */
  private readonly automatic = new Set<string>();
  /** Copies handed to VS Code, by `id@updated_at`: what a document's edits are measured against. */
  private readonly copies: Map<string, Lead>;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly deps: LeadFilesDeps) {
    this.copies = new Map(deps.memory.get<[string, Lead][]>(COPIES_KEY, []));
    // A refresh must not forget the lead of an open document: its form, its checks and Copy as cURL read the store.
    deps.store.keepWhile((id) => openDocument(id) !== undefined);
    this.disposables = [
      vscode.workspace.onWillSaveTextDocument((event) => {
        const id = leadIdOf(event.document.uri);
        if (id === undefined) return;
        if (event.reason === vscode.TextDocumentSaveReason.Manual) this.automatic.delete(id);
        else this.automatic.add(id);
      }),
      this.changes,
      this.saved,
      this.failed,
      deps.store.onDidChange(({ changed, gone }) => this.storeChanged(changed, gone)),
      vscode.workspace.onDidSaveTextDocument((document) => this.savedByVsCode(document)),
    ];
  }

  /** The next stat of this lead may take the store's copy (it was just read, or is about to be opened from the tree). */
  trust(id: string): void {
    this.trusted.set(id, Date.now() + TRUST_MS);
  }

  /** The copy of a lead handed to VS Code at `updatedAt`: what a document read then measures its edits against. */
  readCopy(id: string, updatedAt: string | undefined): Lead | undefined {
    return updatedAt ? this.copies.get(`${id}@${updatedAt}`) : undefined;
  }

  watch(): vscode.Disposable {
    // Changes come from the store, for every lead: nothing to start per watcher.
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    if (uri.path === '/' || uri.path === '/leads') return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const id = this.idOf(uri);
    const trustedUntil = this.trusted.get(id) ?? 0;
    this.trusted.delete(id);
    const held = this.deps.store.get(id);
    // VS Code stats a file right before writing it: this read is what its "newer on disk" check and the save compare with.
    const lead = held && Date.now() < trustedUntil ? held : await this.read(id);
    this.fresh.set(id, lead);
    const mtime = Date.parse(lead.updated_at);
    return {
      type: vscode.FileType.File,
      ctime: Date.parse(lead.created_at),
      // Just saved with a text that is not the lead's own: older than the lead, so the reload after the save takes the lead's text.
      mtime: this.reloadAfterSave.has(id) ? mtime - 1 : mtime,
      size: encoder.encode(leadText(lead)).length,
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const id = this.idOf(uri);
    const lead = this.deps.store.get(id) ?? (await this.read(id));
    this.remember(lead);
    return encoder.encode(leadText(lead));
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const id = this.idOf(uri);
    const text = decoder.decode(content);
    const fresh = this.fresh.get(id);
    this.fresh.delete(id);
    let outcome: WriteOutcome;
    try {
      const { writeLeadDocument } = await import('./writeLead');
      outcome = await writeLeadDocument(
        { ...this.deps, readCopy: (leadId, updatedAt) => this.readCopy(leadId, updatedAt) },
        id,
        text,
        fresh,
        { automatic: this.automatic.delete(id) },
      );
    } catch (error) {
      if (!(error instanceof LeadWriteError)) throw error;
      this.deps.log.error(`Lead ${id}: not saved: ${writeFailureMessage(error.failure)}`);
      this.failed.fire({ uri, text, error });
      // VS Code's "Failed to save" notification reads links in its message: server words in it stay text.
      const message = notificationText(writeFailureMessage(error.failure));
      throw error.failure.kind === 'api' && error.failure.error.gone ? vscode.FileSystemError.FileNotFound(message) : new Error(message);
    }
    const lead = this.deps.store.get(id) ?? outcome.lead;
    this.remember(lead);
    this.trust(id);
    if (openDocument(id) && text !== leadText(lead)) this.reloadAfterSave.add(id);
    this.deps.log.info(`Lead ${id}: saved ${outcome.sent ? Object.keys(outcome.sent).join(', ') : 'without changes'}`);
    this.saved.fire({ uri, outcome });
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('TopCalls leads are not a folder you can write to.'));
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Deleting a lead from its file is not supported.'));
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('A lead file cannot be renamed: its name is the lead id.'));
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  private idOf(uri: vscode.Uri): string {
    const id = leadIdOf(uri);
    if (id === undefined) throw vscode.FileSystemError.FileNotFound(uri);
    return id;
  }

  private async read(id: string): Promise<Lead> {
    try {
      const lead = await this.deps.client.getLead(id);
      this.deps.store.put(lead);
      return this.deps.store.get(id) ?? lead;
    } catch (error) {
      if (error instanceof ApiError && error.gone) {
        this.deps.store.remove(id);
        throw vscode.FileSystemError.FileNotFound(leadUri(id));
      }
      throw vscode.FileSystemError.Unavailable(error instanceof ApiError ? writeFailureMessage({ kind: 'api', error }) : String(error));
    }
  }

  /** Keeps the copies of the last few leads handed out, across reloads (hot exit restores documents measured against them). */
  private remember(lead: Lead): void {
    const key = `${lead.id}@${lead.updated_at}`;
    this.copies.delete(key);
    this.copies.set(key, lead);
    for (const old of this.copies.keys()) {
      if (this.copies.size <= MAX_COPIES) break;
      // The copy an open document was read from stays: its next save is measured against it.
      if (!openDocument(old.slice(0, old.lastIndexOf('@')))) this.copies.delete(old);
    }
    void this.deps.memory.update(COPIES_KEY, [...this.copies]);
  }

  /** Open documents follow the store: VS Code reloads the clean ones; a dirty one meets the check on save. */
  private storeChanged(changed: readonly string[], gone: readonly string[]): void {
    const events: vscode.FileChangeEvent[] = [];
    for (const document of vscode.workspace.textDocuments) {
      const id = leadIdOf(document.uri);
      if (id === undefined || document.isDirty) continue;
      if (gone.includes(id)) {
        events.push({ type: vscode.FileChangeType.Deleted, uri: document.uri });
      } else if (changed.includes(id)) {
        const lead = this.deps.store.get(id);
        if (lead && document.getText() !== leadText(lead)) {
          this.trust(id);
          events.push({ type: vscode.FileChangeType.Changed, uri: document.uri });
        }
      }
    }
    if (events.length > 0) this.changes.fire(events);
  }

  private savedByVsCode(document: vscode.TextDocument): void {
    const id = leadIdOf(document.uri);
    if (id === undefined || !this.reloadAfterSave.delete(id)) return;
    this.trust(id);
    this.changes.fire([{ type: vscode.FileChangeType.Changed, uri: document.uri }]);
  }
}

function openDocument(id: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((document) => leadIdOf(document.uri) === id);
}

const COPIES_KEY = 'topcalls.documentCopies';
const MAX_COPIES = 100;
