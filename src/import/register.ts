// Import CSV…. Registered at activation with the Problems collection its row checks go to; the
// import itself (csv-parse, the checks) loads when it is first run.
import * as vscode from 'vscode';
import type { TopCallsClient } from '../api/client';
import type { Log } from '../log';
import type { LeadStore } from '../store/leadStore';
import type { LeadsView } from '../tree/leadsView';
import { Command } from '../contributions';

export interface ImportDeps {
  client: TopCallsClient;
  store: LeadStore;
  view: LeadsView;
  log: Log;
  /** Its globalState remembers the list last used, shared with New Lead. */
  context: vscode.ExtensionContext;
  /** The rows with problems of the files imported, in VS Code's Problems view. */
  problems: vscode.DiagnosticCollection;
}

export function registerImport(deps: Omit<ImportDeps, 'problems'>): vscode.Disposable[] {
  const problems = vscode.languages.createDiagnosticCollection('topcalls-import');
  return [
    problems,
    // The lines listed are those of the file as it was imported: once it is edited they point elsewhere.
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0 && problems.has(event.document.uri)) problems.delete(event.document.uri);
    }),
    vscode.commands.registerCommand(Command.importCsv, async (target?: unknown, options?: unknown) =>
      (await import('./importCommand')).importCsv({ ...deps, problems }, target, options),
    ),
  ];
}
