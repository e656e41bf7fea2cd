// "TopCalls: Set API Token" and "TopCalls: Sign Out".
import * as vscode from 'vscode';
import type { TopCallsClient } from '../api/client';
import { ApiError } from '../api/errors';
import { apiBaseUrl } from '../config';
import type { Log } from '../log';
import { describeError, showError } from '../ui/errors';
import type { TokenStore } from './tokenStore';

export interface AuthDeps {
  tokens: TokenStore;
  log: Log;
  /** A client for one URL and a token not yet stored, to check the token before keeping it. */
  clientFor: (baseUrl: string, token: string) => TopCallsClient;
}

/** Asks for a token (or takes one from automation), checks it with one API call, then stores it. Returns whether it was stored. */
export async function setToken(deps: AuthDeps, given?: unknown): Promise<boolean> {
  const token = typeof given === 'string' && given.trim() ? given.trim() : await askForToken();
  if (!token) {
    return false;
  }
  // Read once: the token is checked against, and stored for, the same URL even if the setting changes meanwhile.
  const baseUrl = apiBaseUrl();
  const verdict = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the token with {0}…', baseUrl) },
    () => checkToken(deps.clientFor(baseUrl, token)),
  );
  if (verdict.kind === 'rejected') {
    void vscode.window.showErrorMessage(vscode.l10n.t('The token was not saved: {0}', describeError(verdict.error)));
    return false;
  }
  if (verdict.kind === 'unverified') {
    const save = vscode.l10n.t('Save Anyway');
    const choice = await vscode.window.showWarningMessage(
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
  void vscode.window.showInformationMessage(vscode.l10n.t('TopCalls API token saved: connected to {0}.', where));
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
  void vscode.window.showInformationMessage(vscode.l10n.t('Signed out of TopCalls ({0}).', baseUrl));
}

async function askForToken(): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({
    title: vscode.l10n.t('TopCalls API Token'),
    prompt: vscode.l10n.t('Paste an API token from your TopCalls dashboard (it is stored in the system keychain).'),
    placeHolder: 'tc_live_…',
    password: true,
    ignoreFocusOut: true,
    validateInput: (text) => (text.trim() ? undefined : vscode.l10n.t('The token cannot be empty')),
  });
  return value?.trim() || undefined;
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
