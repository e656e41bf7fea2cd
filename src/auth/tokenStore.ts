// The API token lives only in SecretStorage, one per API base URL, so switching
// between environments keeps each token. Nothing else ever holds it for long.
import * as vscode from 'vscode';
import type { Credentials } from '../api/client';
import { apiBaseUrl } from '../config';
import { readCredentials, tokenKey } from './credentials';
import { ContextKey } from '../contributions';


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
  private readonly changed = new vscode.EventEmitter<boolean>();
  /** Fires with whether the API URL configured now has a token, when the URL or its token changed. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /** Counts recomputations, so an answer that a later change overtook is dropped. */
  private generation = 0;
  private latest: Promise<boolean>;
  /** What listeners were last told (or the first answer, which nothing listens for yet). */
  private announced: boolean | undefined;
  /**
   * The URL changed or a token was written: listeners hear of it even when signed-in is the
   * same as before (another host's leads, another account, requests made in between).
   */
  private mustAnnounce = false;

  constructor(private readonly secrets: vscode.SecretStorage) {
    // Our own writes come back here too: announced only if the state differs, not twice.
    this.subscription = secrets.onDidChange((event) => {
      if (event.key === this.key()) {
        void this.recompute();
      }
    });
    this.latest = this.recompute();
  }

  /** The secret's key for an API URL, by default the one configured now. */
  key(baseUrl = apiBaseUrl()): string {
    return tokenKey(baseUrl);
  }

  /** What each request uses: the API URL read once and the token stored for exactly it. */
  async credentials(): Promise<Credentials> {
    try {
      return await readCredentials(apiBaseUrl, this.secrets);
    } catch (error) {
      throw new SecretStorageUnavailableError(error);
    }
  }

  async get(baseUrl = apiBaseUrl()): Promise<string | undefined> {
    try {
      return (await this.secrets.get(this.key(baseUrl))) || undefined;
    } catch (error) {
      throw new SecretStorageUnavailableError(error);
    }
  }

  /** Stores the token for the URL it was checked against, which may no longer be the one configured. */
  async set(token: string, baseUrl = apiBaseUrl()): Promise<void> {
    try {
      await this.secrets.store(this.key(baseUrl), token);
    } catch (error) {
      throw new SecretStorageUnavailableError(error);
    }
    this.mustAnnounce = true;
    await this.recompute();
  }

  async clear(baseUrl = apiBaseUrl()): Promise<void> {
    try {
      await this.secrets.delete(this.key(baseUrl));
    } catch (error) {
      throw new SecretStorageUnavailableError(error);
    }
    this.mustAnnounce = true;
    await this.recompute();
  }

  /** Whether the API URL configured now has a token: the newest answer, once SecretStorage gives it. */
  signedIn(): Promise<boolean> {
    return this.latest;
  }

  /** The `topcalls.apiBaseUrl` setting changed: recomputes for the new URL and tells listeners. */
  baseUrlChanged(): Promise<boolean> {
    this.mustAnnounce = true;
    return this.recompute();
  }

  /**
   * Re-reads whether the configured URL has a token: sets `topcalls.signedIn` for `when`
   * clauses and welcome views, and fires onDidChange when listeners must hear of it.
   * Resolves with the newest answer, also when a later change overtook this one (whose
   * answer is then dropped, and whose reason to announce carries over to the newest).
   */
  private recompute(): Promise<boolean> {
    const generation = ++this.generation;
    const answer = this.get().then(
      (token) => token !== undefined,
      () => false,
    );
    this.latest = answer.then(async (signedIn) => {
      if (generation !== this.generation) {
        return this.latest;
      }
      const before = this.announced;
      this.announced = signedIn;
      if (before !== undefined && (this.mustAnnounce || before !== signedIn)) {
        this.mustAnnounce = false;
        this.changed.fire(signedIn);
      }
      await vscode.commands.executeCommand('setContext', ContextKey.signedIn, signedIn);
      return signedIn;
    });
    return this.latest;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
