// Turns failures into messages a user can act on.
import * as vscode from 'vscode';
import { ApiError } from '../api/errors';
import { SecretStorageUnavailableError } from '../auth/tokenStore';
import { errorCase, serverWords } from './errorCase';
import { notifyError, notifyWarning } from './notify';
import { Command } from '../contributions';

/**
 * Any failure in the user's words first (what happened, in their language), then what the
 * server said. The token never appears (the client redacts it).
 */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const words = serverWords(error);
    // Messages go on after this one ("… Your changes are kept."): the server's words end as a sentence.
    return words ? `${errorHeadline(error)} ${/[.!?…]$/.test(words) ? words : `${words}.`}` : errorHeadline(error);
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

/** A button on a failure's notification, and what choosing it does. */
export interface ErrorAction {
  label: string;
  run: () => unknown;
}

/**
 * The actions a failure offers, by one rule for every notification: Set API Token when only
 * a new token helps, Retry when the same request could succeed later and the caller can repeat it.
 */
export function errorActions(error: unknown, retry?: () => unknown): ErrorAction[] {
  if (!(error instanceof ApiError)) return [];
  const actions: ErrorAction[] = [];
  if (error.needsToken) {
    actions.push({ label: vscode.l10n.t('Set API Token'), run: () => vscode.commands.executeCommand(Command.setToken) });
  }
  if (retry && error.retryable) {
    actions.push({ label: vscode.l10n.t('Retry'), run: retry });
  }
  return actions;
}

/** `message` with a button per action, shown by `notify` (an error, a warning); the command that failed ends now, without waiting for a choice. */
export function notifyWithActions(notify: (message: string, ...labels: string[]) => Thenable<string | undefined>, message: string, actions: readonly ErrorAction[]): void {
  void notify(message, ...actions.map((action) => action.label)).then((choice) => actions.find((action) => action.label === choice)?.run());
}

/**
 * A failure as a notification with the actions that fit it (see errorActions). `message`
 * replaces the error's own words when the caller has more to say (which lead, what to check);
 * `warning` when part of the work was done; `more` adds the caller's own actions after them.
 */
export function showError(
  error: unknown,
  options: { retry?: () => unknown; message?: string; warning?: boolean; more?: readonly ErrorAction[] } = {},
): void {
  const actions = [...errorActions(error, options.retry), ...(options.more ?? [])];
  notifyWithActions(options.warning ? notifyWarning : notifyError, options.message ?? describeError(error), actions);
}
