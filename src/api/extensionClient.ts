// The client as the extension uses it: settings from `topcalls.*`, requests logged.
import { apiBaseUrl, requestTimeoutMs } from '../config';
import { logRequest, type Log } from '../log';
import { TopCallsClient } from './client';

export function createClient(log: Log, token: () => Promise<string | undefined>): TopCallsClient {
  return new TopCallsClient({
    baseUrl: apiBaseUrl,
    timeoutMs: requestTimeoutMs,
    token,
    log: (entry) => logRequest(log, entry),
  });
}
