// "TopCalls: Set API Token" and "TopCalls: Sign Out".
import * as vscode from 'vscode';
import type { TopCallsClient } from '../api/client';
import { apiBaseUrl } from '../config';
import type { Log } from '../log';
import { describeError, showError } from '../ui/errorMessages';
import { notificationText } from '../ui/notificationText';
import { confirmModal, notifyError, notifyInfo, notifyWarning } from '../ui/notify';
import { apiHost, shortAccountId } from './account';
import type { AccountIds } from './provider';
import { askForCheckedToken, describeTokenProblem, type Checked } from './tokenBox';
import { checkToken } from './tokenCheck';
import { tokenProblem, trimToken } from './tokenChars';
import type { TokenStore } from './tokenStore';

export interface AuthDeps {
  tokens: TokenStore;
  /** Which account each URL's token belongs to, for the Accounts menu. */
  accounts: AccountIds;
  log: Log;
  /** A client for one URL and a token not yet stored, to check the token before keeping it. */
  clientFor: (baseUrl: string, token: string) => TopCallsClient;
  /** Tells what shows this URL's data (the open forms) that its token is gone. */
  signedOut: (baseUrl: string) => void;
}

/**
 * Asks for a token in a box that stays open until TopCalls accepts one, or takes one from
 * automation (checked the same way, answered without the box). Returns whether it was stored.
 */
export async function setToken(deps: AuthDeps, given?: unknown): Promise<boolean> {
  // Read once: the token is checked against, and stored for, the same URL even if the setting changes meanwhile.
  const baseUrl = apiBaseUrl();
  const checked =
    typeof given === 'string' && trimToken(given)
      ? await checkGiven(deps, baseUrl, trimToken(given))
      : await askForCheckedToken(baseUrl, (token, signal) => checkToken(deps.clientFor(baseUrl, token), signal));
  if (!checked) {
    return false;
  }
  try {
    await deps.tokens.set(checked.token, baseUrl);
  } catch (error) {
    showError(error);
    return false;
  }
  deps.log.info(`API token saved for ${baseUrl}`);
  const accountId = checked.verdict.kind === 'ok' ? checked.verdict.accountId : undefined;
  await deps.accounts.set(baseUrl, accountId);
  void notifyInfo(
    accountId
      ? vscode.l10n.t('Signed in to TopCalls at {0} (account {1}).', apiHost(baseUrl), shortAccountId(accountId))
      : vscode.l10n.t('Signed in to TopCalls at {0}.', apiHost(baseUrl)),
  );
  return true;
}

/** A token passed to the command: refused with a notification instead of a box to correct it in. */
async function checkGiven(deps: AuthDeps, baseUrl: string, token: string): Promise<Checked | undefined> {
  const problem = tokenProblem(token);
  if (problem) {
    void notifyError(vscode.l10n.t('The token was not saved: {0}', describeTokenProblem(problem)));
    return undefined;
  }
  const verdict = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: notificationText(vscode.l10n.t('Checking the token with {0}…', baseUrl)) },
    () => checkToken(deps.clientFor(baseUrl, token)),
  );
  if (verdict.kind === 'rejected') {
    void notifyError(vscode.l10n.t('The token was not saved: {0}', describeError(verdict.error)));
    return undefined;
  }
  if (verdict.kind === 'unverified') {
    const save = vscode.l10n.t('Save Anyway');
    const choice = await notifyWarning(vscode.l10n.t('Could not check the token: {0}', describeError(verdict.error)), save);
    if (choice !== save) {
      return undefined;
    }
  }
  return { token, verdict };
}

/** Asks first, naming the API URL: signing out is not undone without the token at hand. Returns whether it signed out. */
export async function signOut(deps: AuthDeps): Promise<boolean> {
  const baseUrl = apiBaseUrl();
  const confirm = vscode.l10n.t('Sign Out');
  const choice = await confirmModal(
    vscode.l10n.t('Sign out of TopCalls at {0}?', apiHost(baseUrl)),
    vscode.l10n.t(
      'The API token for {0} is removed from this computer. Open lead forms keep their unsaved changes: sign in again to save them.',
      baseUrl,
    ),
    confirm,
  );
  return choice === confirm && forget(deps, baseUrl);
}

/** Removes the token of `baseUrl`, once the user has confirmed (here or in the Accounts menu). Returns whether it did. */
export async function forget(deps: AuthDeps, baseUrl: string): Promise<boolean> {
  try {
    await deps.tokens.clear(baseUrl);
  } catch (error) {
    showError(error);
    return false;
  }
  deps.log.info(`API token removed for ${baseUrl}`);
  deps.signedOut(baseUrl);
  void notifyInfo(vscode.l10n.t('Signed out of TopCalls ({0}).', baseUrl));
  return true;
}
