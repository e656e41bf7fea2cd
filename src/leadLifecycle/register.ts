// New Lead, Delete Lead and Remove from List. Registered at activation; their code (zod,
// libphonenumber-js) loads with the first one run.
import * as vscode from 'vscode';
import type { TopCallsClient } from '../api/client';
import type { Log } from '../log';
import type { LeadStore } from '../store/leadStore';
import type { LeadsView } from '../tree/leadsView';
import { Command } from '../contributions';

export interface LifeDeps {
  client: TopCallsClient;
  store: LeadStore;
  view: LeadsView;
  log: Log;
  /** Its globalState remembers the list New Lead used last, per API URL. */
  context: vscode.ExtensionContext;
}

export function registerLeadLifecycle(deps: LifeDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(Command.newLead, async (arg?: unknown) => (await import('./newLead')).newLead(deps, arg)),
    vscode.commands.registerCommand(Command.deleteLead, async (arg?: unknown, selected?: unknown) =>
      (await import('./deleteLead')).deleteLeads(deps, arg, selected),
    ),
    vscode.commands.registerCommand(Command.removeFromList, async (arg?: unknown, listId?: unknown) =>
      (await import('./removeFromList')).removeFromList(deps, arg, listId),
    ),
  ];
}
