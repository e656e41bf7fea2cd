// Leads as documents: the `topcalls:` file system, the messages a failed save puts on
// the document's lines, and the commands that open a lead (in the form, or as JSON).
import * as vscode from 'vscode';
import type { TopCallsClient } from '../api/client';
import type { Lead } from '../shared/schemas';
import type { Log } from '../log';
import type { LeadStore } from '../store/leadStore';
import type { LeadsView } from '../tree/leadsView';
import { FROM_TREE } from '../tree/leadItem';
import { showError } from '../ui/errorMessages';
import { notifyInfo } from '../ui/notify';
import { LeadFiles, type SaveFailure } from './leadFiles';
import { leadIdOf, leadUri, LEAD_FILE_SCHEME } from './leadUri';
import { pathOfField, placeOf } from './textPlaces';
import { problemText } from './writeFailureText';
import type { AppendJournal, PendingAppend } from './writeLead';
import { Command, LEAD_FORM_VIEW_TYPE } from '../contributions';

/** Two opens of one lead this close together are a double-click: the tab is kept, not a preview. */
const DOUBLE_CLICK_MS = 500;
const JOURNAL_KEY = 'topcalls.pendingAppends';

export interface DocumentDeps {
  context: vscode.ExtensionContext;
  client: TopCallsClient;
  store: LeadStore;
  view: LeadsView;
  log: Log;
}

export interface RegisteredDocuments {
  disposables: vscode.Disposable[];
  files: LeadFiles;
  /** Opens a lead in its default editor (the form) or as JSON; resolves with its URI, undefined when no lead was chosen. */
  open(arg: unknown, how?: OpenHow): Promise<vscode.Uri | undefined>;
}

interface OpenHow {
  asJson?: boolean;
  preserveFocus?: boolean;
  /** Beside the active editor (the form's Open Lead as JSON), rather than in its place. */
  beside?: boolean;
  /** A click on the lead's row: a preview that leaves the focus in the tree, unless it is the second of a double-click. */
  fromTree?: boolean;
}

export function registerDocuments(deps: DocumentDeps): RegisteredDocuments {
  const files = new LeadFiles({ ...deps, journal: mementoJournal(deps.context.workspaceState), memory: deps.context.workspaceState });
  const diagnostics = vscode.languages.createDiagnosticCollection('topcalls');
  /** Documents showing a failed save's diagnostics: they go when the text is the lead's again (Revert File). */
  const failedSaves = new Set<string>();
  let lastOpen = { id: '', at: 0 };

  const open = async (arg: unknown, how: OpenHow = {}): Promise<vscode.Uri | undefined> => {
    const lead = await leadFor(deps, arg);
    if (!lead) return undefined;
    const uri = leadUri(lead.id);
    const now = Date.now();
    const doubleClick = lastOpen.id === lead.id && now - lastOpen.at < DOUBLE_CLICK_MS;
    lastOpen = { id: lead.id, at: now };
    // The tree's copy is current: opening it needs no request.
    if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) files.trust(lead.id);
    const options: vscode.TextDocumentShowOptions = {
      preview: !doubleClick,
      // A click in the tree keeps the focus there; the double-click that keeps the tab moves it to the editor.
      preserveFocus: (how.preserveFocus ?? false) || (how.fromTree === true && !doubleClick),
      ...(how.beside ? { viewColumn: vscode.ViewColumn.Beside } : {}),
    };
    await vscode.commands.executeCommand('vscode.openWith', uri, how.asJson ? 'default' : LEAD_FORM_VIEW_TYPE, options);
    return uri;
  };

  const showFailure = ({ uri, text, error }: SaveFailure): void => {
    const failure = error.failure;
    if (failure.kind === 'api' && failure.error.gone) {
      // The lead was deleted: its line says so for as long as the document is open, whatever the text becomes.
      failedSaves.delete(uri.toString());
      diagnostics.set(uri, [goneDiagnostic()]);
      return;
    }
    const messages: [string, string][] =
      failure.kind === 'text'
        ? [[failure.problem.path.join('.'), problemText(failure.problem)]]
        : failure.kind === 'api'
          ? Object.entries(failure.error.fieldErrors).flatMap(([field, list]) => list.map((message): [string, string] => [field, message]))
          : [];
    const lines = text.split('\n');
    failedSaves.add(uri.toString());
    diagnostics.set(
      uri,
      messages.map(([field, message]) => {
        const place = placeOf(text, pathOfField(field));
        const range = new vscode.Range(positionAt(lines, place.offset), positionAt(lines, place.offset + place.length));
        const diagnostic = new vscode.Diagnostic(range, field && !message.startsWith(field) ? `${field}: ${message}` : message);
        diagnostic.source = 'TopCalls';
        return diagnostic;
      }),
    );
  };

  const disposables: vscode.Disposable[] = [
    files,
    diagnostics,
    vscode.workspace.registerFileSystemProvider(LEAD_FILE_SCHEME, files, { isCaseSensitive: true }),
    files.onDidFailSave(showFailure),
    files.onDidSave(({ uri, outcome }) => {
      failedSaves.delete(uri.toString());
      diagnostics.delete(uri);
      if (outcome.appendFound) {
        void notifyInfo(vscode.l10n.t('The note was already at the end of the notes on TopCalls (a save that did not hear back had appended it): it was not sent again.'));
      }
    }),
    vscode.workspace.onDidChangeTextDocument(({ document }) => {
      if (!document.isDirty && failedSaves.delete(document.uri.toString())) diagnostics.delete(document.uri);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      failedSaves.delete(document.uri.toString());
      diagnostics.delete(document.uri);
    }),
    // Its text stays (unsaved edits too: the file system leaves a dirty document alone), to copy from; the line says why it cannot be saved.
    deps.store.onDidChange(({ gone }) => {
      for (const document of vscode.workspace.textDocuments) {
        const id = leadIdOf(document.uri);
        if (id === undefined || !gone.includes(id)) continue;
        failedSaves.delete(document.uri.toString());
        diagnostics.set(document.uri, [goneDiagnostic()]);
      }
    }),
    vscode.commands.registerCommand(Command.openLead, (arg?: unknown, from?: unknown) => open(arg, { fromTree: from === FROM_TREE })),
    vscode.commands.registerCommand(Command.openLeadAsJson, (arg?: unknown) =>
      // A document's URI comes from a form (its toolbar, its title bar): its text goes beside it.
      arg instanceof vscode.Uri ? open(leadIdOf(arg), { asJson: true, beside: true }) : open(arg ?? activeLeadId(), { asJson: true }),
    ),
  ];
  return { disposables, files, open };
}

/** The lead a command names: a tree node, an id, or (from the palette) one the user picks. */
async function leadFor(deps: DocumentDeps, arg: unknown): Promise<Lead | undefined> {
  const loaded = deps.view.leadsFromArgs(arg)[0];
  if (loaded) return loaded;
  if (arg === undefined) {
    // The picker reads phone numbers: libphonenumber-js comes with its first use, not with activation.
    const { pickLead } = await import('../ui/pickLead');
    return pickLead(deps.store.all(), deps.client, vscode.l10n.t('Open Lead'));
  }
  if (typeof arg !== 'string') return undefined;
  const held = deps.store.get(arg);
  if (held) return held;
  // An id from outside the tree (a link, another command): ask the server.
  try {
    const lead = await deps.client.getLead(arg);
    deps.store.put(lead);
    return lead;
  } catch (error) {
    showError(error);
    return undefined;
  }
}

/** The lead of the active editor (the form or its JSON), if it shows one. */
export function activeLeadId(): string | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom ? input.uri : undefined;
  return uri && leadIdOf(uri);
}

function goneDiagnostic(): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(
    new vscode.Range(0, 0, 0, 1),
    vscode.l10n.t('This lead no longer exists on TopCalls (it was deleted). The text is kept so you can copy it; it cannot be saved.'),
    vscode.DiagnosticSeverity.Warning,
  );
  diagnostic.source = 'TopCalls';
  return diagnostic;
}

function positionAt(lines: string[], offset: number): vscode.Position {
  let rest = offset;
  for (let line = 0; line < lines.length; line++) {
    const length = (lines[line] as string).length + 1;
    if (rest < length) return new vscode.Position(line, rest);
    rest -= length;
  }
  return new vscode.Position(Math.max(lines.length - 1, 0), 0);
}

function mementoJournal(memento: vscode.Memento): AppendJournal {
  const entries = (): Record<string, PendingAppend> => memento.get<Record<string, PendingAppend>>(JOURNAL_KEY, {});
  return {
    get: (id) => entries()[id],
    set: async (id, pending) => memento.update(JOURNAL_KEY, { ...entries(), [id]: pending }),
    delete: async (id) => {
      const { [id]: _gone, ...rest } = entries();
      await memento.update(JOURNAL_KEY, rest);
    },
  };
}
