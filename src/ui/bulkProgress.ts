// How far a running bulk edit is, for whoever shows it (the status bar). The bulk runner
// reports here; it knows nothing of the status bar.
import * as vscode from 'vscode';

export interface BulkProgress {
  /** What the edit is doing, e.g. "Setting status to Converted". */
  readonly title: string;
  readonly settled: number;
  readonly total: number;
}

const changed = new vscode.EventEmitter<BulkProgress | undefined>();

/** Fires with the progress of the running bulk edit, and with undefined once it is over. */
export const onDidChangeBulkProgress = changed.event;

/** Called by the bulk runner: when it starts (settled 0), after each lead, and with `undefined` when it ends. */
export function reportBulkProgress(progress: BulkProgress | undefined): void {
  changed.fire(progress);
}
