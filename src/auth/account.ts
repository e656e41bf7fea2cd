// How an API URL and an account are named to a person. Free of `vscode` so it is unit-tested.

/** The host a person recognises (`api.topcalls.ai`, `127.0.0.1:8080`), or the URL itself when it does not parse. */
export function apiHost(baseUrl: string): string {
  try {
    return new URL(baseUrl).host || baseUrl;
  } catch {
    return baseUrl;
  }
}

/** An account id cut to its first characters: enough to tell two accounts apart, short enough to read. */
export function shortAccountId(accountId: string): string {
  return accountId.length > 8 ? `${accountId.slice(0, 8)}…` : accountId;
}
