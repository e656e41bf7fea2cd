// Text for VS Code notifications. Free of `vscode` so it is unit-tested.

/**
 * The message as plain text. A notification turns `[label](https:…|command:…|file:…)` into
 * a clickable link (VS Code's parseLinkedText, the only markup it reads, with no escape
 * syntax), so a lead name or a server message could otherwise run a command when clicked.
 * Every link needs `](`: a zero-width space between the two breaks it and shows nothing.
 */
export function notificationText(message: string): string {
  return message.replace(/\](?=\()/g, ']\u200b');
}
