// Why a typed phone number cannot be used, in the user's language: the input boxes and
// the lead form say the same.
import * as vscode from 'vscode';
import type { DialledReading } from '../shared/phone';

export function phoneProblemText(problem: (DialledReading & { ok: false })['problem']): string {
  switch (problem) {
    case 'invalid':
      return vscode.l10n.t('Not a valid phone number (start with + and the country code)');
    case 'extension':
      return vscode.l10n.t('TopCalls does not store extensions: remove the extension and keep only the number.');
    case 'letters':
      return vscode.l10n.t('A phone number cannot contain letters: type it in digits.');
    case 'characters':
      return vscode.l10n.t('Use only digits, spaces, +, -, . and parentheses.');
    case 'noCountry':
      return vscode.l10n.t('Start with + and the country code, or set topcalls.defaultCountry to type national numbers.');
  }
}
