// The Export… command. Registered at activation; the export itself (csv-stringify, the file
// writing) loads when it is first run.
import * as vscode from 'vscode';
import type { TopCallsClient } from '../api/client';
import type { LeadsView } from '../tree/leadsView';
import { Command } from '../contributions';

export function registerExport(view: LeadsView, client: TopCallsClient): vscode.Disposable {
  return vscode.commands.registerCommand(Command.exportLeads, async (format?: unknown, target?: unknown) =>
    (await import('./exportCommand')).exportView(view, client, format, target),
  );
}
