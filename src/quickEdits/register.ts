// The quick-edit commands. Registered at activation; the edits themselves (which
// validate with zod) load with the first one run.
import * as vscode from 'vscode';
import type { TopCallsClient } from '../api/client';
import type { Log } from '../log';
import type { LeadStore } from '../store/leadStore';
import type { LeadsView } from '../tree/leadsView';
import type { QuickEdits } from './quickEdits';
import { Command } from '../contributions';

export function registerQuickEdits(client: TopCallsClient, store: LeadStore, view: LeadsView, log: Log): vscode.Disposable[] {
  let edits: QuickEdits | undefined;
  let loading: Promise<QuickEdits> | undefined;
  const load = (): Promise<QuickEdits> =>
    (loading ??= import('./quickEdits').then(({ QuickEdits }) => (edits = new QuickEdits(client, store, view, log))));
  return [
    vscode.commands.registerCommand(Command.setStatus, async (arg?: unknown, selected?: unknown, value?: unknown) => (await load()).setStatus(arg, selected, value)),
    vscode.commands.registerCommand(Command.addTags, async (arg?: unknown, selected?: unknown, value?: unknown) => (await load()).editTags('add', arg, selected, value)),
    vscode.commands.registerCommand(Command.removeTags, async (arg?: unknown, selected?: unknown, value?: unknown) => (await load()).editTags('remove', arg, selected, value)),
    vscode.commands.registerCommand(Command.appendNote, async (arg?: unknown, selected?: unknown, value?: unknown) => (await load()).appendNote(arg, selected, value)),
    vscode.commands.registerCommand(Command.retryFailedEdits, async () => (await load()).retryFailed()),
    // Nothing can be running before the edits are loaded.
    vscode.commands.registerCommand(Command.cancelEdits, () => edits?.cancel()),
  ];
}
