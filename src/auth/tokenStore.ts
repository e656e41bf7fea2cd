// The API token lives only in SecretStorage, one per API base URL, so switching
// between environments keeps each token. Nothing else ever holds it for long.
import * as vscode from 'vscode';
import { apiBaseUrl } from '../config';

const SIGNED_IN_CONTEXT = 'topcalls.signedIn';

export class SecretStorageUnavailableError extends Error {
  constructor(cause: unknown) {
    super(
      vscode.l10n.t(
        'Could not use the system keyring to store the TopCalls API token ({0}). On Linux, install and unlock a Secret Service keyring (for example gnome-keyring) or start VS Code with --password-store=basic.',
        cause instanceof Error ? cause.message : String(cause),
      ),
    );
    this.name = 'SecretStorageUnavailableError';
  }
}

export class TokenStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((event) => {
      if (event.key === this.key()) {
        void this.refreshContext();
        this.changed.fire();
      }
    });
  }

  /** The secret's key for the API currently configured. */
  key(baseUrl = apiBaseUrl()): string {
    return `topcalls.apiToken:${baseUrl}`;
  }

  async get(): Promise<string | undefined> {
    try {
      return (await this.secrets.get(this.key())) || undefined;
    } catch (error) {
      throw new SecretStorageUnavailableError(error);
    }
  }

  async set(token: string): Promise<void> {
    try {
      await this.secrets.store(this.key(), token);
    } catch (error) {
      throw new SecretStorageUnavailableError(error);
    }
    await this.refreshContext();
  }

  async clear(): Promise<void> {
    try {
      await this.secrets.delete(this.key());
    } catch (error) {
      throw new SecretStorageUnavailableError(error);
    }
    await this.refreshContext();
  }

  /** Sets `topcalls.signedIn` for `when` clauses and welcome views; called on start and when the API URL changes. */
  async refreshContext(): Promise<boolean> {
    let signedIn = false;
    try {
      signedIn = (await this.get()) !== undefined;
    } catch {
      signedIn = false;
    }
    await vscode.commands.executeCommand('setContext', SIGNED_IN_CONTEXT, signedIn);
    return signedIn;
  }

  /** Fires listeners after something other than SecretStorage changed which token applies (the API URL). */
  async baseUrlChanged(): Promise<void> {
    await this.refreshContext();
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
