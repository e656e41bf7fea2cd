// What is wrong with an imported row, in the user's language: the Problems list, the failed-rows
// file and the report say the same.
import * as vscode from 'vscode';
import { describeError } from '../ui/errorMessages';
import { phoneProblemText } from '../ui/phoneText';
import type { CellProblem, RowProblem } from './columns';
import type { RowFailure } from './importLeads';

export function cellProblemText(problem: CellProblem): string {
  switch (problem.code) {
    case 'phoneMissing':
      return vscode.l10n.t('No phone number: a lead needs one.');
    case 'phone':
      return phoneProblemText(problem.problem);
    case 'phoneLength':
      return vscode.l10n.t('{0} is too short for TopCalls, which takes numbers of 9 to 15 digits.', problem.e164);
    case 'duplicatePhone':
      return vscode.l10n.t('The same phone number is on line {0}: only that row is imported.', problem.line);
    case 'email':
      return vscode.l10n.t('Not a valid email address.');
    case 'status':
      return vscode.l10n.t('"{0}" is not a status: use New, Contacted, Converted or Unsubscribed.', problem.value);
    case 'tags':
      return vscode.l10n.t('Tags in [ ] must be a JSON array of strings, e.g. ["vip","2024"].');
    case 'metadata':
      return vscode.l10n.t('Metadata must be a JSON object, e.g. {"source":"fair"}.');
    case 'extraCells':
      return vscode.l10n.t('The row has {0} more cells than the header has columns.', problem.count);
  }
}

/** `Phone: Not a valid phone number…`, naming the column by its header. */
export function rowProblemText(problem: RowProblem, header: readonly string[]): string {
  const column = header[problem.column] || vscode.l10n.t('Column {0}', problem.column + 1);
  return problem.problem.code === 'extraCells' ? cellProblemText(problem.problem) : `${column}: ${cellProblemText(problem.problem)}`;
}

export function rowFailureText(failure: RowFailure): string {
  switch (failure.kind) {
    case 'refused':
      return vscode.l10n.t('TopCalls refused the row: {0}', failure.message);
    case 'unknown':
      return vscode.l10n.t('No answer came for this row\'s batch ({0}): it may have been imported. Check on TopCalls before importing it again.', describeError(failure.error));
    case 'notSent':
      return failure.error === undefined
        ? vscode.l10n.t('Not sent: the import was cancelled.')
        : vscode.l10n.t('Not sent: {0}', describeError(failure.error));
  }
}
