// Turns failures into messages a user can act on.
import * as vscode from 'vscode';
import { ApiError } from '../api/errors';
import { SecretStorageUnavailableError } from '../auth/tokenStore';
import { notifyError } from './notify';

export const SET_TOKEN_COMMAND = 'topcalls.setToken';

/** One sentence for any failure; the token never appears (the client redacts it). */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.kind === 'no-token') {
      return vscode.l10n.t('No TopCalls API token is set.');
    }
    if (error.status === 401) {
      return vscode.l10n.t('TopCalls rejected the API token (401): {0}', error.message);
    }
    if (error.status === 403) {
      return vscode.l10n.t('The API token is not allowed to do this (403): {0}', error.message);
    }
    if (error.status === 429) {
      const wait = error.retryAfterMs === undefined ? '' : vscode.l10n.t(' Try again in {0} s.', Math.ceil(error.retryAfterMs / 1000));
      return vscode.l10n.t('TopCalls is rate limiting requests (429): {0}', error.message) + wait;
    }
    return error.status === undefined || error.message.includes(String(error.status))
      ? error.message
      : `${error.message} (HTTP ${error.status})`;
  }
  if (error instanceof SecretStorageUnavailableError) {
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
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
      await vscode.commands.executeCommand(SET_TOKEN_COMMAND);
    } else if (choice === retryLabel && retry) {
      await retry();
    }
  });
}
