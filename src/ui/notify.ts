// The one way the extension shows a notification, so its text can never become a link
// (a lint rule keeps the others from calling vscode.window.show…Message).
/* eslint-disable no-restricted-syntax -- the one place allowed to call them */
import * as vscode from 'vscode';
import { notificationText } from './notificationText';

export function notifyInfo<T extends string>(message: string, ...actions: T[]): Thenable<T | undefined> {
  return vscode.window.showInformationMessage(notificationText(message), ...actions);
}

export function notifyWarning<T extends string>(message: string, ...actions: T[]): Thenable<T | undefined> {
  return vscode.window.showWarningMessage(notificationText(message), ...actions);
}

export function notifyError<T extends string>(message: string, ...actions: T[]): Thenable<T | undefined> {
  return vscode.window.showErrorMessage(notificationText(message), ...actions);
}

/** A modal warning that waits for an answer: for a step the user should not take by accident. */
export function confirmModal<T extends string>(message: string, detail: string, ...actions: T[]): Thenable<T | undefined> {
  return vscode.window.showWarningMessage(notificationText(message), { modal: true, detail: notificationText(detail) }, ...actions);
}
