// The quick-edit commands. Registered at activation; the edits themselves (which
// validate with zod) load with the first one run.
import * as vscode from 'vscode';
import type { TopCallsClient } from '../api/client';
import type { Log } from '../log';
import type { LeadStore } from '../store/leadStore';
import type { LeadsView } from '../tree/leadsView';
import type { QuickEdits } from './quickEdits';

export function registerQuickEdits(client: TopCallsClient, store: LeadStore, view: LeadsView, log: Log): vscode.Disposable[] {
  let edits: QuickEdits | undefined;
  let loading: Promise<QuickEdits> | undefined;
  const load = (): Promise<QuickEdits> =>
    (loading ??= import('./quickEdits').then(({ QuickEdits }) => (edits = new QuickEdits(client, store, view, log))));
  return [
    vscode.commands.registerCommand('topcalls.setStatus', async (arg?: unknown, selected?: unknown, value?: unknown) => (await load()).setStatus(arg, selected, value)),
    vscode.commands.registerCommand('topcalls.addTags', async (arg?: unknown, selected?: unknown, value?: unknown) => (await load()).editTags('add', arg, selected, value)),
    vscode.commands.registerCommand('topcalls.removeTags', async (arg?: unknown, selected?: unknown, value?: unknown) => (await load()).editTags('remove', arg, selected, value)),
    vscode.commands.registerCommand('topcalls.appendNote', async (arg?: unknown, selected?: unknown, value?: unknown) => (await load()).appendNote(arg, selected, value)),
    vscode.commands.registerCommand('topcalls.retryFailedEdits', async () => (await load()).retryFailed()),
    // Nothing can be running before the edits are loaded.
    vscode.commands.registerCommand('topcalls.cancelEdits', () => edits?.cancel()),
  ];
}
