// One request that tells whether TopCalls accepts a token, before it is kept.
import type { TopCallsClient } from '../api/client';
import { ApiError } from '../api/errors';

export type Verdict =
  /** accountId: the account the token belongs to, when it has a lead to read it from. */
  | { kind: 'ok'; accountId: string | undefined }
  | { kind: 'rejected'; error: ApiError }
  /** No answer that says either way (network, timeout, 5xx, 403): the user decides. */
  | { kind: 'unverified'; error: unknown };

export async function checkToken(client: TopCallsClient, signal?: AbortSignal): Promise<Verdict> {
  try {
    const page = await client.listLeads({}, undefined, 1, signal ? { signal } : {});
    return { kind: 'ok', accountId: page.items[0]?.account_id };
  } catch (error) {
    if (error instanceof ApiError && error.needsToken) {
      return { kind: 'rejected', error };
    }
    return { kind: 'unverified', error };
  }
}
