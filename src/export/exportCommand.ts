// Export…: the Leads view as it is filtered and grouped, to a CSV or JSON Lines file the user
// picks, with progress and Cancel in a notification.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TopCallsClient } from '../api/client';
import type { LeadsView } from '../tree/leadsView';
import { describeError, showError } from '../ui/errorMessages';
import { notifyError, notifyInfo } from '../ui/notify';
import { EXPORT_PAGE_SIZE, exportLeads, type ExportResult } from './exportLeads';
import type { ExportFormat } from './leadRows';

const EXTENSIONS: Record<ExportFormat, string> = { csv: 'csv', jsonl: 'jsonl' };

/**
 * Asks the format and the file unless given (automation and tests pass them), then exports.
 * Returns what happened, or undefined when the user backed out before anything was written.
 */
export async function exportView(view: LeadsView, client: TopCallsClient, format?: unknown, target?: unknown): Promise<ExportResult | undefined> {
  const chosenFormat = isFormat(format) ? format : await pickFormat();
  if (!chosenFormat) return undefined;
  const uri = target instanceof vscode.Uri ? target : await pickFile(chosenFormat);
  if (!uri) return undefined;
  if (uri.scheme !== 'file') {
    // The leads are streamed with Node's file system, which reaches only files on disk.
    void notifyError(vscode.l10n.t('Export writes to a file on disk; choose a folder on this machine.'));
    return undefined;
  }
  const { filters, groupBy } = view.model;
  const name = path.basename(uri.fsPath);
  let result: ExportResult;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Exporting leads to {0}', name), cancellable: true },
      async (progress, token) => {
        const cancel = new AbortController();
        token.onCancellationRequested(() => cancel.abort());
        return exportLeads({
          path: uri.fsPath,
          format: chosenFormat,
          filters,
          groupBy,
          listPage: (pageFilters, cursor, signal) => client.listLeads(pageFilters, cursor, EXPORT_PAGE_SIZE, { signal }),
          signal: cancel.signal,
          onProgress: (written) => progress.report({ message: vscode.l10n.t('{0} leads written', written) }),
        });
      },
    );
  } catch (error) {
    // The file could not be opened: nothing was asked of the server, nothing written.
    showError(error, { message: vscode.l10n.t("Couldn't write {0}: {1}", name, describeError(error)) });
    return { written: 0, cancelled: false, error };
  }
  report(result, name, () => exportView(view, client, chosenFormat, uri));
  return result;
}

function report(result: ExportResult, name: string, retry: () => unknown): void {
  if (result.error !== undefined) {
    const message = vscode.l10n.t(
      'Export stopped after {0} leads: {1} {2} keeps the leads written so far, each one whole; the rest are missing.',
      result.written,
      describeError(result.error),
      name,
    );
    showError(result.error, { message, retry });
  } else if (result.cancelled) {
    void notifyInfo(vscode.l10n.t('Export cancelled: {0} leads were written to {1}. The file is kept, since every lead in it is complete; the leads not fetched yet are missing.', result.written, name));
  } else {
    void notifyInfo(vscode.l10n.t('Exported {0} leads to {1}.', result.written, name));
  }
}

function isFormat(value: unknown): value is ExportFormat {
  return value === 'csv' || value === 'jsonl';
}

async function pickFormat(): Promise<ExportFormat | undefined> {
  const items: (vscode.QuickPickItem & { format: ExportFormat })[] = [
    { label: 'CSV', description: vscode.l10n.t('A spreadsheet, with the columns Import reads back'), format: 'csv' },
    { label: 'JSON Lines', description: vscode.l10n.t('One lead a line, as the API returns it'), format: 'jsonl' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Export Leads'), placeHolder: vscode.l10n.t('Export the leads of the view as') });
  return picked?.format;
}

function pickFile(format: ExportFormat): Thenable<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri ?? vscode.Uri.file(os.homedir());
  const fileName = `topcalls-leads-${localDate(new Date())}.${EXTENSIONS[format]}`;
  return vscode.window.showSaveDialog({
    title: vscode.l10n.t('Export Leads'),
    saveLabel: vscode.l10n.t('Export'),
    defaultUri: vscode.Uri.joinPath(folder, fileName),
    filters: format === 'csv' ? { CSV: ['csv'] } : { 'JSON Lines': ['jsonl'] },
  });
}

/** YYYY-MM-DD in the user's time zone: the day they exported on. */
function localDate(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
