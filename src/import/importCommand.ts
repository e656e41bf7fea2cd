// Import CSV…: a file the user picks, its columns matched to lead fields (with a preview), a
// list and a mode, every row checked (problems in VS Code's Problems view), then the good rows
// sent in batches with progress and Cancel, and a report that offers the failed rows as a CSV.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { defaultCountrySetting } from '../config';
import { pickList, rememberList, listIdProblem } from '../leadLifecycle/listChoice';
import { defaultCountry } from '../shared/phone';
import { IMPORT_MODES, type ImportMode } from '../shared/schemas';
import { describeError, notifyWithActions, showError, type ErrorAction } from '../ui/errorMessages';
import { confirmModal, notifyError, notifyInfo, notifyWarning } from '../ui/notify';
import { guessTargets, phoneColumn, readRow, type ColumnTarget } from './columns';
import { pickColumns } from './columnPick';
import { CsvSyntaxError, csvRecords, readCsvShape, type CsvSample, type CsvShape } from './csvRecords';
import { writeFailedRows } from './failedRows';
import { checkRows, emptyTally, sendRows, type CheckedFile, type ImportSource, type ImportTally } from './importLeads';
import type { ImportDeps } from './register';
import { rowFailureText, rowProblemText } from './rowProblemText';

/** Rows shown in the column preview. */
const PREVIEW_ROWS = 3;

/** What automation and the tests pass to import without the dialogs: the columns are guessed, and rows with problems are left out. */
export interface ImportOptions {
  listId: string;
  mode: ImportMode;
}

export type ImportOutcome =
  | { kind: 'unreadable'; line?: number; message: string }
  | ({
      kind: 'done';
      rows: number;
      invalid: number;
      /** What Save Failed Rows… writes, to a path of the caller's. */
      writeFailedRows(target: string): Promise<number>;
    } & ImportTally);

/** Runs the import; undefined when the user backed out before anything was sent. */
export async function importCsv(deps: ImportDeps, target?: unknown, options?: unknown): Promise<ImportOutcome | undefined> {
  const given = readOptions(options);
  if (options !== undefined && !given) {
    void notifyError(vscode.l10n.t('Import CSV was given options it cannot use: it takes a list id and a mode (merge or skip).'));
    return undefined;
  }
  const uri = target instanceof vscode.Uri ? target : await pickSource();
  if (!uri) return undefined;
  if (uri.scheme !== 'file') {
    // The file is streamed with Node's file system, which reaches only files on disk.
    void notifyError(vscode.l10n.t('Import reads a file on disk; choose one on this machine.'));
    return undefined;
  }
  const name = path.basename(uri.fsPath);
  deps.problems.delete(uri);
  let shape: CsvSample | undefined;
  try {
    shape = await readCsvShape(uri.fsPath);
  } catch (error) {
    void notifyError(vscode.l10n.t("Couldn't read {0}: {1}", name, describeError(error)));
    return { kind: 'unreadable', message: describeError(error) };
  }
  if (!shape || shape.header.every((title) => title === '')) {
    return refuse(vscode.l10n.t('{0} has no header row: Import needs one, naming the columns (name, phone_number, …).', name));
  }
  if (shape.notUtf8) {
    // Read as UTF-8 anyway, names would be imported with their accents replaced by "�".
    return refuse(vscode.l10n.t('{0} is not UTF-8 text. Save it again as "CSV UTF-8" (in Excel: Save As → CSV UTF-8), then import it.', name));
  }
  const stamp = await fileStamp(uri.fsPath);
  const country = defaultCountry(defaultCountrySetting(), vscode.env.language);
  let targets: ColumnTarget[] | undefined = guessTargets(shape.header);
  if (!given) {
    targets = await pickColumns(name, shape.header, targets, await previewRows(uri.fsPath, shape));
    if (!targets) return undefined;
  } else if (phoneColumn(targets) < 0) {
    return refuse(vscode.l10n.t('No column of {0} holds phone numbers: name one phone or phone_number.', name));
  }
  const source: ImportSource = { path: uri.fsPath, shape, targets, country };
  // The check runs while the list and the mode are asked.
  const stopChecking = new AbortController();
  const checking = checkRows(source, stopChecking.signal).then(
    (checked) => ({ checked }),
    (error: unknown) => ({ error }),
  );
  // A file that turns out unreadable closes the questions: there is nothing to import.
  const unreadableFile = new vscode.CancellationTokenSource();
  void checking.then((done) => 'error' in done && unreadableFile.cancel());
  const choices = given ?? (await askListAndMode(deps, name, looksExported(targets, shape.header), unreadableFile.token));
  const closedForError = unreadableFile.token.isCancellationRequested;
  unreadableFile.dispose();
  if (!choices) {
    stopChecking.abort();
    const done = await checking;
    if ('checked' in done) await done.checked.dispose();
    // Closed because the file cannot be read: say why. Dismissed by the user: nothing to say.
    return closedForError && 'error' in done ? unreadable(deps, uri, name, done.error) : undefined;
  }
  const done = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Checking {0}…', name) }, () => checking);
  if ('error' in done) return unreadable(deps, uri, name, done.error);
  const { checked } = done;
  try {
    showProblems(deps, uri, shape, checked);
    const outcome = (tally: ImportTally): ImportOutcome => ({
      kind: 'done',
      rows: checked.rows,
      invalid: checked.rows - checked.valid,
      ...tally,
      writeFailedRows: (to) => writeFailed(source, checked, tally, to),
    });
    if (checked.valid === 0) {
      const message =
        checked.rows === 0 ? vscode.l10n.t('{0} has no rows to import.', name) : vscode.l10n.t('No row of {0} can be imported: all {1} have problems (see Problems).', name, checked.rows);
      const tally = emptyTally();
      const actions = checked.rows === 0 ? [] : [showProblemsAction(), { label: vscode.l10n.t('Save Failed Rows…'), run: () => saveFailedRows(source, stamp, checked, tally) }];
      notifyWithActions(notifyError, message, actions);
      return outcome(tally);
    }
    if (checked.valid < checked.rows && !given && !(await confirmSkippingInvalid(name, checked))) return undefined;
    if (!given) await rememberList(deps.context.globalState, choices.listId);
    const tally = await send(deps, name, checked, choices);
    void deps.view.refreshKeepingRows();
    report(deps, source, stamp, name, checked, tally, choices.mode);
    return outcome(tally);
  } finally {
    await checked.dispose();
  }
}

/** A file refused for its first line (no header, not UTF-8, no phone column): said, nothing read further. */
function refuse(message: string): ImportOutcome {
  void notifyError(message);
  return { kind: 'unreadable', line: 1, message };
}

function readOptions(value: unknown): ImportOptions | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { listId, mode } = value as Record<string, unknown>;
  if (typeof listId !== 'string' || listIdProblem(listId) !== undefined) return undefined;
  if (!IMPORT_MODES.includes(mode as ImportMode)) return undefined;
  return { listId: listId.trim(), mode: mode as ImportMode };
}

async function pickSource(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Import Leads from CSV'),
    openLabel: vscode.l10n.t('Import'),
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri,
    filters: { CSV: ['csv', 'txt'] },
  });
  return picked?.[0];
}

async function previewRows(filePath: string, shape: CsvShape): Promise<string[][]> {
  const rows: string[][] = [];
  try {
    for await (const { fields } of csvRecords(filePath, shape.delimiter)) {
      rows.push(fields);
      if (rows.length === PREVIEW_ROWS) break;
    }
  } catch {
    // A file that breaks early still shows its header; the check says where it breaks.
  }
  return rows;
}

/** A file Export wrote (its `id` and `list_ids` columns): its leads are on TopCalls, and Merge would append their notes again. */
function looksExported(targets: readonly ColumnTarget[], header: readonly string[]): boolean {
  const names = new Set(header.map((title) => title.toLowerCase()));
  return names.has('id') && names.has('list_ids') && targets.some((target) => target.kind === 'field' && target.field === 'notes');
}

async function askListAndMode(deps: ImportDeps, name: string, exported: boolean, token: vscode.CancellationToken): Promise<ImportOptions | undefined> {
  const listId = await pickList(deps.context.globalState, deps.store.all(), vscode.l10n.t('Import {0}: the list to add the leads to', name), token);
  if (!listId || token.isCancellationRequested) return undefined;
  const modes: (vscode.QuickPickItem & { mode: ImportMode })[] = [
    {
      label: vscode.l10n.t('Merge'),
      description: vscode.l10n.t('A lead already on TopCalls (same phone number) gets the row\'s tags added, its notes appended and the list'),
      mode: 'merge',
    },
    { label: vscode.l10n.t('Skip'), description: vscode.l10n.t('A lead already on TopCalls (same phone number) is left as it is'), mode: 'skip' },
  ];
  if (exported) {
    modes.reverse();
    const merge = modes[1] as (typeof modes)[number];
    merge.detail = vscode.l10n.t('This file looks like an export: for leads already on TopCalls, Merge appends the notes in it a second time.');
  }
  const mode = await vscode.window.showQuickPick(
    modes,
    {
      title: vscode.l10n.t('Import {0}: leads already on TopCalls', name),
      placeHolder: vscode.l10n.t('What to do with a row whose phone number TopCalls already has'),
    },
    token,
  );
  return mode && { listId, mode: mode.mode };
}

function unreadable(deps: ImportDeps, uri: vscode.Uri, name: string, error: unknown): ImportOutcome {
  if (error instanceof CsvSyntaxError) {
    const diagnostic = new vscode.Diagnostic(new vscode.Range(error.line - 1, 0, error.line - 1, 0), syntaxText(error), vscode.DiagnosticSeverity.Error);
    diagnostic.source = vscode.l10n.t('TopCalls import');
    deps.problems.set(uri, [diagnostic]);
    const message = vscode.l10n.t('{0} cannot be read past line {1}: {2} Nothing was imported.', name, error.line, syntaxText(error));
    notifyWithActions(notifyError, message, [showProblemsAction()]);
    return { kind: 'unreadable', line: error.line, message: error.message };
  }
  void notifyError(vscode.l10n.t("Couldn't read {0}: {1}", name, describeError(error)));
  return { kind: 'unreadable', message: describeError(error) };
}

function syntaxText(error: CsvSyntaxError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return vscode.l10n.t('A quote opened on this line is never closed.');
    case 'CSV_INVALID_CLOSING_QUOTE':
      return vscode.l10n.t('A closing quote is followed by other characters: put the whole cell in quotes, with each quote inside it doubled ("").');
    default:
      return error.message;
  }
}

/** Size and time of last change: Save Failed Rows… reads the file again, and must find it as imported. */
async function fileStamp(filePath: string): Promise<string> {
  const { size, mtimeMs } = await fs.stat(filePath);
  return `${size}:${mtimeMs}`;
}

/** Each row with problems as a diagnostic on its line, so Problems lists them and opens the file there. */
function showProblems(deps: ImportDeps, uri: vscode.Uri, shape: CsvShape, checked: CheckedFile): void {
  const source = vscode.l10n.t('TopCalls import');
  const diagnostics = checked.shown.flatMap(({ line, problems }) =>
    problems.map((problem) => {
      const diagnostic = new vscode.Diagnostic(new vscode.Range(line - 1, 0, line - 1, 0), rowProblemText(problem, shape.header), vscode.DiagnosticSeverity.Error);
      diagnostic.source = source;
      return diagnostic;
    }),
  );
  const hidden = checked.invalidLines.size - checked.shown.length;
  if (hidden > 0) {
    const last = checked.shown[checked.shown.length - 1]?.line ?? 1;
    const more = new vscode.Diagnostic(new vscode.Range(last - 1, 0, last - 1, 0), vscode.l10n.t('{0} more rows with problems are not listed; Save Failed Rows… writes them all.', hidden), vscode.DiagnosticSeverity.Warning);
    more.source = source;
    diagnostics.push(more);
  }
  deps.problems.set(uri, diagnostics);
}

function showProblemsAction(): ErrorAction {
  return { label: vscode.l10n.t('Show Problems'), run: () => vscode.commands.executeCommand('workbench.actions.view.problems') };
}

async function confirmSkippingInvalid(name: string, checked: CheckedFile): Promise<boolean> {
  const action = vscode.l10n.t('Import {0} Rows', checked.valid);
  const problems = vscode.l10n.t('Show Problems');
  const choice = await confirmModal(
    vscode.l10n.t('{0} of the {1} rows of {2} have problems and will not be imported.', checked.invalidLines.size, checked.rows, name),
    vscode.l10n.t('The Problems view lists them by line. Import the {0} other rows?', checked.valid),
    action,
    problems,
  );
  if (choice !== problems) return choice === action;
  // The modal would hide the list: it is shown, and the question asked again beside it.
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  return (await notifyWarning(vscode.l10n.t('Import the {0} rows of {1} without problems?', checked.valid, name), action)) === action;
}

async function send(deps: ImportDeps, name: string, checked: CheckedFile, choices: ImportOptions): Promise<ImportTally> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Importing {0}', name), cancellable: true },
    async (progress, token) => {
      const cancel = new AbortController();
      token.onCancellationRequested(() => {
        cancel.abort();
        progress.report({ message: vscode.l10n.t('Cancelling after the batch being sent…') });
      });
      let reported = 0;
      return sendRows({
        checked,
        cancel: cancel.signal,
        prepare: (leads) => deps.client.prepareBulkImport({ list_id: choices.listId, mode: choices.mode, leads }, { stopRetrying: cancel.signal }),
        onBatch: (settled, total) => {
          if (cancel.signal.aborted) return;
          progress.report({ increment: (100 * (settled - reported)) / total, message: vscode.l10n.t('{0} of {1} rows', settled, total) });
          reported = settled;
        },
      });
    },
  );
}

function report(deps: ImportDeps, source: ImportSource, stamp: string, name: string, checked: CheckedFile, tally: ImportTally, mode: ImportMode): void {
  const counts =
    mode === 'merge'
      ? vscode.l10n.t('{0} added, {1} already on TopCalls and merged', tally.inserted, tally.updated)
      : vscode.l10n.t('{0} added, {1} already on TopCalls and left as they were', tally.inserted, tally.duplicates);
  const failed = checked.invalidLines.size + tally.failed.size;
  const failedText = failed === 0 ? '' : ` ${failed === 1 ? vscode.l10n.t('1 row not imported.') : vscode.l10n.t('{0} rows not imported.', failed)}`;
  const actions: ErrorAction[] = [];
  if (failed > 0) actions.push({ label: vscode.l10n.t('Save Failed Rows…'), run: () => saveFailedRows(source, stamp, checked, tally) });
  if (checked.invalidLines.size > 0) actions.push(showProblemsAction());
  deps.log.info(`Import ${name}: ${tally.sent} rows sent (${tally.inserted} inserted, ${tally.updated} updated, ${tally.duplicates} duplicates), ${failed} not imported${tally.cancelled ? ', cancelled' : ''}`);
  if (tally.error !== undefined) {
    deps.log.error(`Import ${name} stopped: ${describeError(tally.error)}`);
    const message = vscode.l10n.t('Import of {0} stopped: {1} Before that: {2}.', name, describeError(tally.error), counts) + failedText;
    showError(tally.error, { message, more: actions });
  } else if (tally.cancelled) {
    notifyWithActions(notifyWarning, vscode.l10n.t('Import of {0} cancelled. Before Cancel: {1}.', name, counts) + failedText, actions);
  } else {
    notifyWithActions(failed > 0 ? notifyWarning : notifyInfo, vscode.l10n.t('Imported {0}: {1}.', name, counts) + failedText, actions);
  }
}

/** Writes the rows that are not on TopCalls next to the file, named after it, once the user picks where. */
async function saveFailedRows(source: ImportSource, stamp: string, checked: Pick<CheckedFile, 'invalidLines'>, tally: ImportTally): Promise<void> {
  const parsed = path.parse(source.path);
  if ((await fileStamp(source.path).catch(() => '')) !== stamp) {
    // The failed rows are found again by line: in a file edited since, those lines hold other rows.
    void notifyWarning(vscode.l10n.t('{0} changed since the import, so its failed rows can no longer be picked out. Import it again: rows already on TopCalls are merged or skipped as you choose.', parsed.base));
    return;
  }
  const uri = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Save Failed Rows'),
    defaultUri: vscode.Uri.file(path.join(parsed.dir, `${parsed.name}-failed.csv`)),
    filters: { CSV: ['csv'] },
  });
  if (!uri) return;
  if (uri.scheme !== 'file') {
    void notifyError(vscode.l10n.t('Failed rows are written to a file on disk; choose a folder on this machine.'));
    return;
  }
  try {
    const written = await writeFailed(source, checked, tally, uri.fsPath);
    void notifyInfo(vscode.l10n.t('Wrote {0} failed rows to {1}, each with why in its first column.', written, path.basename(uri.fsPath)));
  } catch (error) {
    showError(error, { message: vscode.l10n.t("Couldn't write {0}: {1}", path.basename(uri.fsPath), describeError(error)) });
  }
}

/**
 * The rows with problems and the rows that did not reach TopCalls, each with why: its problems
 * (found again from its cells, so none are kept in memory) or what happened to its batch.
 */
function writeFailed(source: ImportSource, checked: Pick<CheckedFile, 'invalidLines'>, tally: Pick<ImportTally, 'failed'>, target: string): Promise<number> {
  return writeFailedRows(
    source,
    (line, fields) => {
      if (checked.invalidLines.has(line)) {
        const reading = readRow(fields, source.targets, source.country);
        return reading.ok ? undefined : reading.problems.map((problem) => rowProblemText(problem, source.shape.header)).join(' ');
      }
      const failure = tally.failed.get(line);
      return failure && rowFailureText(failure);
    },
    target,
  );
}
