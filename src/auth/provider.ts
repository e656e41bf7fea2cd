// "TopCalls" in VS Code's Accounts menu: the session is the token stored for the API URL
// configured now, read from SecretStorage each time it is asked for (nothing else keeps it).
import * as vscode from 'vscode';
import { apiBaseUrl } from '../config';
import { apiHost, shortAccountId } from './account';
import type { TokenStore } from './tokenStore';

export const AUTH_PROVIDER_ID = 'topcalls';

/** The account id each API URL's token belongs to, learnt when the token was checked. Not secret: kept in globalState. */
export class AccountIds {
  constructor(private readonly state: vscode.Memento) {}

  get(baseUrl: string): string | undefined {
    return this.state.get<string>(`topcalls.accountId:${baseUrl}`);
  }

  set(baseUrl: string, accountId: string | undefined): Thenable<void> {
    return this.state.update(`topcalls.accountId:${baseUrl}`, accountId);
  }
}

export interface ProviderDeps {
  tokens: TokenStore;
  accounts: AccountIds;
  /** The sign-in box; resolves with whether a token was stored. */
  signIn(): Promise<boolean>;
  /** Removes the token of `baseUrl` without asking: the Accounts menu has asked already. */
  forget(baseUrl: string): Promise<boolean>;
}

export class TopCallsAuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  /** The session VS Code was last told of, with its token left out: what a removal names. */
  private announced: vscode.AuthenticationSession | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly deps: ProviderDeps) {
    this.subscription = deps.tokens.onDidChange(() => void this.announce());
    void this.current().then((session) => (this.announced ??= session && withoutToken(session)), () => undefined);
  }

  async getSessions(): Promise<vscode.AuthenticationSession[]> {
    const session = await this.current();
    return session ? [session] : [];
  }

  async createSession(): Promise<vscode.AuthenticationSession> {
    const session = (await this.deps.signIn()) ? await this.current() : undefined;
    if (!session) throw new Error(vscode.l10n.t('Signing in to TopCalls was cancelled.'));
    return session;
  }

  async removeSession(sessionId: string): Promise<void> {
    // The session's id is its API URL: the one the user chose in the menu, even if the setting changed since.
    await this.deps.forget(sessionId);
  }

  /** Tells VS Code the token or the API URL changed: the account the menu shows is another, or none. */
  private async announce(): Promise<void> {
    const now = await this.current().catch(() => undefined);
    const before = this.announced;
    if (!before && !now) return;
    this.announced = now && withoutToken(now);
    const same = before !== undefined && now !== undefined && before.id === now.id && before.account.id === now.account.id;
    this.changed.fire({
      added: now && !same ? [now] : [],
      removed: before && !same ? [before] : [],
      changed: same ? [now] : [],
    });
  }

  private async current(): Promise<vscode.AuthenticationSession | undefined> {
    const baseUrl = apiBaseUrl();
    const accessToken = await this.deps.tokens.get(baseUrl);
    if (!accessToken) return undefined;
    const accountId = this.deps.accounts.get(baseUrl);
    const label = accountId
      ? vscode.l10n.t('{0} (account {1})', apiHost(baseUrl), shortAccountId(accountId))
      : apiHost(baseUrl);
    return { id: baseUrl, accessToken, account: { id: accountId ? `${baseUrl}#${accountId}` : baseUrl, label }, scopes: [] };
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function withoutToken(session: vscode.AuthenticationSession): vscode.AuthenticationSession {
  return { ...session, accessToken: '' };
}
