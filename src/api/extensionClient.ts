// The client as the extension uses it: the timeout from `topcalls.*`, requests logged.
import { requestTimeoutMs } from '../config';
import { logRequest, type Log } from '../log';
import { TopCallsClient, type Credentials } from './client';

export function createClient(log: Log, credentials: () => Promise<Credentials>): TopCallsClient {
  return new TopCallsClient({
    credentials,
    timeoutMs: requestTimeoutMs,
    log: (entry) => logRequest(log, entry),
  });
}
