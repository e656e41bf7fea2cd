// The "TopCalls" output channel. Requests are logged as method, path, status and
// duration: never headers, bodies or the token.
import * as vscode from 'vscode';
import type { RequestLogEntry } from './api/client';

/** What the extension writes to its output channel. */
export interface Log extends vscode.Disposable {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  show(preserveFocus?: boolean): void;
}

/**
 * The channel is created with its first line, which names the version: creating one is
 * about a millisecond that activation need not spend when nothing gets logged.
 */
export function createLog(version: string): Log {
  let channel: vscode.LogOutputChannel | undefined;
  // A request still running when the extension stops must not make a channel nobody disposes.
  let disposed = false;
  const open = (): vscode.LogOutputChannel | undefined => {
    if (!channel && !disposed) {
      channel = vscode.window.createOutputChannel('TopCalls', { log: true });
      channel.info(`TopCalls Leads ${version}`);
    }
    return channel;
  };
  return {
    info: (message) => open()?.info(message),
    warn: (message) => open()?.warn(message),
    error: (message) => open()?.error(message),
    show: (preserveFocus) => open()?.show(preserveFocus),
    dispose: () => {
      disposed = true;
      channel?.dispose();
      channel = undefined;
    },
  };
}

export function logRequest(log: Log, entry: RequestLogEntry): void {
  const status = entry.status === undefined ? entry.note ?? 'no response' : String(entry.status);
  const attempt = entry.attempt > 1 ? ` (attempt ${entry.attempt})` : '';
  const line = `${entry.method} ${entry.path} → ${status} in ${Math.round(entry.durationMs)} ms${attempt}`;
  if (entry.outcome === 'ok') {
    log.info(line);
  } else if (entry.outcome === 'retry') {
    log.warn(`${line}; retrying`);
  } else {
    log.error(line);
  }
}
