// The extension's own messages on an open lead document, kept current as the user types:
// what the JSON schema cannot check (leadProblems.ts), on the field's line, before a save
// would refuse it.
import * as vscode from 'vscode';
import type { LeadFiles } from '../document/leadFiles';
import { problemText } from '../document/writeFailureText';
import { leadIdOf } from '../document/leadUri';
import type { LeadStore } from '../store/leadStore';
import { heldCopies } from './heldCopies';
import type { LeadProblem } from './leadProblems';

/** Long enough to skip the keystrokes of a word, short enough to feel live. */
const DEBOUNCE_MS = 200;

export function registerLeadDiagnostics(store: LeadStore, files: LeadFiles): vscode.Disposable[] {
  const collection = vscode.languages.createDiagnosticCollection('topcalls.leadChecks');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const check = async (document: vscode.TextDocument, id: string): Promise<void> => {
    const { leadProblems } = await import('./leadProblems');
    if (document.isClosed) return;
    const problems = leadProblems(document.getText(), (lead) => heldCopies(lead, store.get(id), (leadId, at) => files.readCopy(leadId, at)));
    collection.set(document.uri, problems.map((problem) => diagnostic(document, problem)));
  };
  const schedule = (document: vscode.TextDocument): void => {
    const id = leadIdOf(document.uri);
    if (id === undefined) return;
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        void check(document, id);
      }, DEBOUNCE_MS),
    );
  };

  for (const document of vscode.workspace.textDocuments) schedule(document);
  return [
    collection,
    vscode.workspace.onDidOpenTextDocument(schedule),
    vscode.workspace.onDidChangeTextDocument(({ document }) => schedule(document)),
    vscode.workspace.onDidCloseTextDocument((document) => {
      const key = document.uri.toString();
      clearTimeout(timers.get(key));
      timers.delete(key);
      collection.delete(document.uri);
    }),
    // Whether the notes count as changed depends on TopCalls' copy too.
    store.onDidChange(({ changed }) => {
      for (const document of vscode.workspace.textDocuments) {
        const id = leadIdOf(document.uri);
        if (id !== undefined && changed.includes(id)) schedule(document);
      }
    }),
    new vscode.Disposable(() => {
      for (const timer of timers.values()) clearTimeout(timer);
    }),
  ];
}

function diagnostic(document: vscode.TextDocument, problem: LeadProblem): vscode.Diagnostic {
  const range = new vscode.Range(document.positionAt(problem.offset), document.positionAt(problem.offset + problem.length));
  const result = new vscode.Diagnostic(range, message(problem), vscode.DiagnosticSeverity.Error);
  result.source = 'TopCalls';
  result.code = problem.code;
  return result;
}

function message(problem: LeadProblem): string {
  switch (problem.code) {
    case 'notDialable': {
      const country = problem.country && countryName(problem.country);
      return country
        ? vscode.l10n.t('No phone number in {0} has this form: check the digits after the country code. TopCalls only takes numbers it can dial.', country)
        : vscode.l10n.t('No country dials this number: check the country code and the digits. TopCalls only takes numbers it can dial.');
    }
    case 'appendWithNotes':
      return problemText({ path: ['notes_append'], code: 'appendWithNotes' });
  }
}

/** "Germany" for DE, in VS Code's display language. */
function countryName(code: string): string {
  try {
    return new Intl.DisplayNames([vscode.env.language], { type: 'region' }).of(code) ?? code;
  } catch {
    // A display language Intl does not know: the code still names the country.
    return code;
  }
}
