// The status bar item: which TopCalls API this window talks to and whether it is signed
// in, or how far a running bulk edit is. A click offers the account actions.
import * as vscode from 'vscode';
import type { TokenStore } from '../auth/tokenStore';
import { apiBaseUrl, settingId } from '../config';
import { onDidChangeBulkProgress, type BulkProgress } from './bulkProgress';
import { Command } from '../contributions';
import { apiHost } from '../auth/account';

export class StatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('topcalls.status', vscode.StatusBarAlignment.Left, 0);
  private readonly disposables: vscode.Disposable[] = [];
  private signedIn = false;
  private bulk: BulkProgress | undefined;

  constructor(private readonly tokens: TokenStore) {
    this.item.name = vscode.l10n.t('TopCalls');
    this.item.command = Command.statusMenu;
    this.disposables.push(
      this.item,
      // Also fires when the API URL changes: that changes which token applies.
      tokens.onDidChange(() => void this.refresh()),
      onDidChangeBulkProgress((progress) => {
        // One lead's edit shows in the window's own progress: only a bulk edit takes the item.
        this.bulk = progress && progress.total > 1 ? progress : undefined;
        this.render();
      }),
      vscode.commands.registerCommand(Command.statusMenu, () => this.menu()),
    );
    void this.refresh();
  }

  private async refresh(): Promise<void> {
    try {
      this.signedIn = (await this.tokens.get()) !== undefined;
    } catch {
      this.signedIn = false;
    }
    this.render();
  }

  private render(): void {
    const host = apiHost(apiBaseUrl());
    const account = this.signedIn ? vscode.l10n.t('Signed in to {0}', host) : vscode.l10n.t('Not signed in to {0}', host);
    if (this.bulk) {
      const { title, settled, total } = this.bulk;
      this.item.text = `$(sync~spin) ${vscode.l10n.t('{0} — {1} of {2}', title, settled, total)}`;
      this.item.tooltip = vscode.l10n.t('TopCalls: {0}, {1} of {2} leads done. {3}', title, settled, total, account);
    } else {
      this.item.text = `${this.signedIn ? '$(account)' : '$(key)'} ${host}`;
      this.item.tooltip = vscode.l10n.t('TopCalls: {0}. Click for sign-in and settings.', account);
    }
    this.item.accessibilityInformation = { label: typeof this.item.tooltip === 'string' ? this.item.tooltip : account };
    this.item.backgroundColor = this.signedIn || this.bulk ? undefined : new vscode.ThemeColor('statusBarItem.warningBackground');
    this.item.show();
  }

  private async menu(): Promise<void> {
    type Item = vscode.QuickPickItem & { run: () => unknown };
    const items: Item[] = [
      { label: `$(key) ${vscode.l10n.t('Set API Token')}`, run: () => vscode.commands.executeCommand(Command.setToken) },
      ...(this.signedIn ? [{ label: `$(sign-out) ${vscode.l10n.t('Sign Out')}`, run: () => vscode.commands.executeCommand(Command.signOut) }] : []),
      ...(this.bulk ? [{ label: `$(stop-circle) ${vscode.l10n.t('Cancel Bulk Edit')}`, run: () => vscode.commands.executeCommand(Command.cancelEdits) }] : []),
      {
        label: `$(settings-gear) ${vscode.l10n.t('Open Settings for the API URL')}`,
        description: apiBaseUrl(),
        run: () => vscode.commands.executeCommand('workbench.action.openSettings', settingId('apiBaseUrl')),
      },
      { label: `$(output) ${vscode.l10n.t('Show Log')}`, run: () => vscode.commands.executeCommand(Command.showLog) },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('TopCalls'), placeHolder: apiHost(apiBaseUrl()) });
    await picked?.run();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
