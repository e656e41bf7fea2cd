// A failed save of a lead document in the user's words: what VS Code's "Failed to save"
// notification, the log and the form say.
import * as vscode from 'vscode';
import { describeError } from '../ui/errorMessages';
import type { TextProblem } from './leadText';
import type { WriteFailure } from './writeFailure';

export function writeFailureMessage(failure: WriteFailure): string {
  switch (failure.kind) {
    case 'text':
      return problemText(failure.problem);
    case 'conflict':
      return vscode.l10n.t(
        'Not saved: {0} also changed on TopCalls since you opened this lead, and VS Code could not tell. Copy your changes, use Revert File to load theirs, and make your changes again.',
        failure.fields.join(', '),
      );
    case 'unknownBase':
      return vscode.l10n.t(
        "Not saved: this lead changed on TopCalls since this copy was read, and the copy it was read from is no longer known, so your changes to {0} can't be told from old values. Copy your changes, use Revert File, and make them again.",
        failure.fields.join(', '),
      );
    case 'appendNeedsSave':
      return vscode.l10n.t('Not saved automatically: a note to append is sent when you save the lead yourself (Ctrl+S), so it is never appended half-typed.');
    case 'api': {
      const cause = describeError(failure.error);
      if (failure.append === 'not-appended') {
        return vscode.l10n.t('{0} Nothing was saved: the note is not in the notes on TopCalls (read back to check). Save again to send it.', cause);
      }
      if (failure.append === 'unchecked') {
        return vscode.l10n.t(
          "{0} The note may or may not have been appended, and reading the lead back failed. Your changes are kept; the next save checks the notes before it sends the note again.",
          cause,
        );
      }
      return vscode.l10n.t('{0} Your changes are kept.', cause);
    }
  }
}

export function problemText(problem: TextProblem): string {
  const detail = problem.detail ?? '';
  switch (problem.code) {
    case 'invalidJson':
      return vscode.l10n.t('The lead is not valid JSON: {0}', detail);
    case 'notObject':
      return vscode.l10n.t('A lead is a JSON object: { "name": …, "phone_number": … }.');
    case 'unknownField':
      return vscode.l10n.t('"{0}" is not a lead field you can set. The fields are name, phone_number, email, status, tags, notes and metadata.', detail);
    case 'readonly':
      return vscode.l10n.t('"{0}" is read-only: TopCalls sets it. Undo that change to save.', detail);
    case 'invalidValue':
      return vscode.l10n.t('{0}: {1}', problem.path.join('.'), detail);
    case 'appendWithNotes':
      return vscode.l10n.t('notes_append cannot be saved together with a change to notes: save one, then the other.');
  }
}
