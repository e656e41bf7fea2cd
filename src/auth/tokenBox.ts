// The sign-in box: stays open while the token is checked, and when TopCalls refuses it,
// says so in the box with what was typed kept, so a fix is one edit away.
import * as vscode from 'vscode';
import { describeError } from '../ui/errorMessages';
import { apiHost } from './account';
import type { Verdict } from './tokenCheck';
import { tokenProblem, trimToken, type TokenProblem } from './tokenChars';

export interface Checked {
  token: string;
  verdict: Verdict;
}

/**
 * Asks for a token for `baseUrl` and checks each one entered with `check`. Resolves with
 * one TopCalls accepted, or one that could not be checked and the user chose to keep;
 * undefined when the box is closed.
 */
export function askForCheckedToken(baseUrl: string, check: (token: string, signal: AbortSignal) => Promise<Verdict>): Promise<Checked | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = vscode.l10n.t('Sign in to TopCalls ({0})', apiHost(baseUrl));
    box.prompt = vscode.l10n.t('Paste an API token from your TopCalls dashboard (it is stored in the system keychain).');
    box.placeholder = 'tc_live_…';
    box.password = true;
    box.ignoreFocusOut = true;
    const checking = new AbortController();
    /** A token that could not be checked: Enter on it again keeps it anyway. */
    let unverified: Checked | undefined;
    const finish = (result: Checked | undefined): void => {
      resolve(result);
      checking.abort();
      box.dispose();
    };
    box.onDidChangeValue((text) => {
      unverified = undefined;
      box.validationMessage = localProblem(text);
    });
    box.onDidAccept(async () => {
      if (box.busy) return;
      const token = trimToken(box.value);
      const problem = localProblem(box.value);
      if (problem) {
        box.validationMessage = problem;
        return;
      }
      if (unverified?.token === token) {
        finish(unverified);
        return;
      }
      box.busy = true;
      box.enabled = false;
      box.validationMessage = undefined;
      const verdict = await check(token, checking.signal);
      if (checking.signal.aborted) return;
      box.busy = false;
      box.enabled = true;
      if (verdict.kind === 'ok') {
        finish({ token, verdict });
      } else if (verdict.kind === 'rejected') {
        box.validationMessage = {
          message: vscode.l10n.t("TopCalls didn't accept this token. Check that it is complete and not revoked, or copy it again from the TopCalls dashboard."),
          severity: vscode.InputBoxValidationSeverity.Error,
        };
      } else {
        unverified = { token, verdict };
        box.validationMessage = {
          message: vscode.l10n.t('Could not check the token: {0} Press Enter to save it anyway.', describeError(verdict.error)),
          severity: vscode.InputBoxValidationSeverity.Warning,
        };
      }
    });
    box.onDidHide(() => finish(undefined));
    box.show();
  });
}

function localProblem(text: string): string | undefined {
  const token = trimToken(text);
  if (!token) return vscode.l10n.t('The token cannot be empty');
  const problem = tokenProblem(token);
  return problem ? describeTokenProblem(problem) : undefined;
}

export function describeTokenProblem(problem: TokenProblem): string {
  const where = vscode.l10n.t('{0} at position {1}', problem.codePoint, problem.position);
  switch (problem.kind) {
    case 'invisible':
      return vscode.l10n.t('it contains an invisible character ({0}: a zero-width space, joiner or byte order mark). Copy the token again from the TopCalls dashboard.', where);
    case 'control':
      return vscode.l10n.t('it contains a control character ({0}). Copy the token again from the TopCalls dashboard.', where);
    case 'space':
      return vscode.l10n.t('it contains a space ({0}). A token is one word: copy it again from the TopCalls dashboard.', where);
    case 'other':
      return vscode.l10n.t('it contains a character a token cannot have ({0}): tokens are plain ASCII letters, digits and symbols.', where);
  }
}
