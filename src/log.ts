// The "TopCalls" output channel. Requests are logged as method, path, status and
// duration: never headers, bodies or the token.
import * as vscode from 'vscode';
import type { RequestLogEntry } from './api/client';

export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('TopCalls', { log: true });
}

export function logRequest(log: vscode.LogOutputChannel, entry: RequestLogEntry): void {
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
