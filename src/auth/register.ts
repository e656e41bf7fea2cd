// Signing in and out: the commands, and TopCalls in VS Code's Accounts menu, on one token store.
import * as vscode from 'vscode';
import { createClient } from '../api/extensionClient';
import type { Log } from '../log';
import { Command } from '../contributions';
import { forget, setToken, signOut, type AuthDeps } from './commands';
import { AccountIds, AUTH_PROVIDER_ID, TopCallsAuthProvider } from './provider';
import type { TokenStore } from './tokenStore';

export interface AuthRegistration {
  tokens: TokenStore;
  log: Log;
  globalState: vscode.Memento;
  /** The token of `baseUrl` was removed: open forms say so. */
  signedOut: (baseUrl: string) => void;
}

export function registerAuth({ tokens, log, globalState, signedOut }: AuthRegistration): { disposables: vscode.Disposable[]; provider: TopCallsAuthProvider } {
  const accounts = new AccountIds(globalState);
  const auth: AuthDeps = {
    tokens,
    accounts,
    log,
    clientFor: (baseUrl, token) => createClient(log, () => Promise.resolve({ baseUrl, token })),
    signedOut,
  };
  const provider = new TopCallsAuthProvider({
    tokens,
    accounts,
    signIn: () => setToken(auth),
    forget: (baseUrl) => forget(auth, baseUrl),
  });
  const disposables = [
    provider,
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, 'TopCalls', provider, { supportsMultipleAccounts: false }),
    vscode.commands.registerCommand(Command.setToken, (token?: unknown) => setToken(auth, token)),
    vscode.commands.registerCommand(Command.signOut, () => signOut(auth)),
  ];
  // The Accounts menu lists an account once its session has been asked for: once, silently, and only when there is one.
  void tokens.signedIn().then(async (signedIn) => {
    if (signedIn) await vscode.authentication.getSession(AUTH_PROVIDER_ID, [], { silent: true });
  });
  return { disposables, provider };
}
