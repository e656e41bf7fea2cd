// Turns failures into messages a user can act on.
import * as vscode from 'vscode';
import { ApiError } from '../api/errors';
import { SecretStorageUnavailableError } from '../auth/tokenStore';
import { errorCase, serverWords } from './errorCase';
import { notifyError } from './notify';
import { Command } from '../contributions';


/**
 * Any failure in the user's words first (what happened, in their language), then what the
 * server said. The token never appears (the client redacts it).
 */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const words = serverWords(error);
    return words ? `${errorHeadline(error)} ${words}` : errorHeadline(error);
  }
  if (error instanceof SecretStorageUnavailableError) {
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** What happened, localised; the client's and the server's English titles never take this place. */
export function errorHeadline(error: ApiError): string {
  const status = error.status ?? 0;
  switch (errorCase(error)) {
    case 'no-token':
      return vscode.l10n.t('No TopCalls API token is set.');
    case 'token-unsendable':
      return vscode.l10n.t("The API token can't be sent.");
    case 'token-rejected':
      return vscode.l10n.t("TopCalls didn't accept the API token (401).");
    case 'forbidden':
      return vscode.l10n.t("The API token isn't allowed to do this (403).");
    case 'not-found':
      return vscode.l10n.t("TopCalls couldn't find it (404).");
    case 'conflict':
      return vscode.l10n.t('TopCalls refused the change: it conflicts with data it holds (409).');
    case 'refused':
      return vscode.l10n.t('TopCalls refused the request (HTTP {0}).', status);
    case 'rate-limited':
      return error.retryAfterMs === undefined
        ? vscode.l10n.t('TopCalls is rate limiting requests (429).')
        : vscode.l10n.t('TopCalls is rate limiting requests (429). Try again in {0} s.', Math.ceil(error.retryAfterMs / 1000));
    case 'server':
      return vscode.l10n.t('TopCalls had a problem on its side (HTTP {0}).', status);
    case 'unreachable':
      return vscode.l10n.t("Couldn't reach TopCalls.");
    case 'timeout':
      return vscode.l10n.t("TopCalls didn't answer in time.");
    case 'unreadable':
      return vscode.l10n.t("TopCalls sent an answer the extension can't read.");
    case 'not-sent':
      return vscode.l10n.t('The request was not sent to TopCalls.');
    case 'cancelled':
      return vscode.l10n.t('Cancelled.');
  }
}

/**
 * A notification with the actions that fit: Set API Token for auth failures, Retry for
 * transient ones. It does not wait for the user: the command that failed ends now.
 */
export function showError(error: unknown, retry?: () => unknown): void {
  const actions: string[] = [];
  const setToken = vscode.l10n.t('Set API Token');
  const retryLabel = vscode.l10n.t('Retry');
  if (error instanceof ApiError && error.needsToken) {
    actions.push(setToken);
  }
  if (retry && error instanceof ApiError && error.transient) {
    actions.push(retryLabel);
  }
  void notifyError(describeError(error), ...actions).then(async (choice) => {
    if (choice === setToken) {
      await vscode.commands.executeCommand(Command.setToken);
    } else if (choice === retryLabel && retry) {
      await retry();
    }
  });
}
