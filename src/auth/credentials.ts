// Which token goes with which API URL. Free of `vscode` so the pairing is unit-tested.
import type { Credentials } from '../api/client';

/** The SecretStorage key of the token stored for an API base URL: one token per URL. */
export function tokenKey(baseUrl: string): string {
  return `topcalls.apiToken:${baseUrl}`;
}

export interface SecretReader {
  get(key: string): PromiseLike<string | undefined>;
}

/**
 * The API URL, read once, with the token stored for exactly that URL. Reading the URL
 * again after the (slow) secret read could pair host A's token with host B.
 */
export async function readCredentials(baseUrl: () => string, secrets: SecretReader): Promise<Credentials> {
  const url = baseUrl();
  return { baseUrl: url, token: (await secrets.get(tokenKey(url))) || undefined };
}
