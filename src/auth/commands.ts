// "TopCalls: Set API Token" and "TopCalls: Sign Out".
import * as vscode from 'vscode';
import type { TopCallsClient } from '../api/client';
import { ApiError } from '../api/errors';
import { apiBaseUrl } from '../config';
import type { Log } from '../log';
import { describeError, showError } from '../ui/errors';
import { notificationText } from '../ui/notificationText';
import { notifyError, notifyInfo, notifyWarning } from '../ui/notify';
import { tokenProblem, trimToken, type TokenProblem } from './tokenText';
import type { TokenStore } from './tokenStore';

export interface AuthDeps {
  tokens: TokenStore;
  log: Log;
  /** A client for one URL and a token not yet stored, to check the token before keeping it. */
  clientFor: (baseUrl: string, token: string) => TopCallsClient;
}

/** Asks for a token (or takes one from automation), checks it with one API call, then stores it. Returns whether it was stored. */
export async function setToken(deps: AuthDeps, given?: unknown): Promise<boolean> {
  const token = typeof given === 'string' && trimToken(given) ? trimToken(given) : await askForToken();
  if (!token) {
    return false;
  }
  const problem = tokenProblem(token);
  if (problem) {
    void notifyError(vscode.l10n.t('The token was not saved: {0}', describeTokenProblem(problem)));
    return false;
  }
  // Read once: the token is checked against, and stored for, the same URL even if the setting changes meanwhile.
  const baseUrl = apiBaseUrl();
  const verdict = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: notificationText(vscode.l10n.t('Checking the token with {0}…', baseUrl)) },
    () => checkToken(deps.clientFor(baseUrl, token)),
  );
  if (verdict.kind === 'rejected') {
    void notifyError(vscode.l10n.t('The token was not saved: {0}', describeError(verdict.error)));
    return false;
  }
  if (verdict.kind === 'unverified') {
    const save = vscode.l10n.t('Save Anyway');
    const choice = await notifyWarning(
      vscode.l10n.t('Could not check the token: {0}', describeError(verdict.error)),
      save,
    );
    if (choice !== save) {
      return false;
    }
  }
  try {
    await deps.tokens.set(token, baseUrl);
  } catch (error) {
    showError(error);
    return false;
  }
  deps.log.info(`API token saved for ${baseUrl}`);
  const where = verdict.kind === 'ok' && verdict.accountId ? vscode.l10n.t('account {0}', verdict.accountId) : baseUrl;
  void notifyInfo(vscode.l10n.t('TopCalls API token saved: connected to {0}.', where));
  return true;
}

export async function signOut(deps: AuthDeps): Promise<void> {
  const baseUrl = apiBaseUrl();
  try {
    await deps.tokens.clear(baseUrl);
  } catch (error) {
    showError(error);
    return;
  }
  deps.log.info(`API token removed for ${baseUrl}`);
  void notifyInfo(vscode.l10n.t('Signed out of TopCalls ({0}).', baseUrl));
}

async function askForToken(): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({
    title: vscode.l10n.t('TopCalls API Token'),
    prompt: vscode.l10n.t('Paste an API token from your TopCalls dashboard (it is stored in the system keychain).'),
    placeHolder: 'tc_live_…',
    password: true,
    ignoreFocusOut: true,
    validateInput: (text) => {
      const token = trimToken(text);
      const problem = tokenProblem(token);
      return !token ? vscode.l10n.t('The token cannot be empty') : problem ? describeTokenProblem(problem) : undefined;
    },
  });
  return value === undefined ? undefined : trimToken(value) || undefined;
}

function describeTokenProblem(problem: TokenProblem): string {
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

type Verdict =
  | { kind: 'ok'; accountId: string | undefined }
  | { kind: 'rejected'; error: ApiError }
  | { kind: 'unverified'; error: unknown };

async function checkToken(client: TopCallsClient): Promise<Verdict> {
  try {
    const page = await client.listLeads({}, undefined, 1);
    return { kind: 'ok', accountId: page.items[0]?.account_id };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      return { kind: 'rejected', error };
    }
    return { kind: 'unverified', error };
  }
}
