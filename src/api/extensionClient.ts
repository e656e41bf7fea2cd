// The client as the extension uses it: settings from `topcalls.*`, requests logged.
import type * as vscode from 'vscode';
import { apiBaseUrl, requestTimeoutMs } from '../config';
import { logRequest } from '../log';
import { TopCallsClient } from './client';

export function createClient(log: vscode.LogOutputChannel, token: () => Promise<string | undefined>): TopCallsClient {
  return new TopCallsClient({
    baseUrl: apiBaseUrl,
    timeoutMs: requestTimeoutMs,
    token,
    log: (entry) => logRequest(log, entry),
  });
}
