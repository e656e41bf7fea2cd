// How a lead's status reads and looks wherever it is shown: tree rows, pickers, filters, summaries.
import * as vscode from 'vscode';
import type { Status } from '../shared/schemas';

const STATUS_ICONS: Record<Status, { icon: string; color: string }> = {
  New: { icon: 'circle-large-outline', color: 'charts.blue' },
  Contacted: { icon: 'comment-discussion', color: 'charts.yellow' },
  Converted: { icon: 'pass-filled', color: 'charts.green' },
  Unsubscribed: { icon: 'circle-slash', color: 'disabledForeground' },
};

// Shared by every row of a status (a page builds 200 rows): icons are immutable.
const statusIcons = new Map<Status, vscode.ThemeIcon>();

export function statusIcon(status: Status): vscode.ThemeIcon {
  let themeIcon = statusIcons.get(status);
  if (!themeIcon) {
    const { icon, color } = STATUS_ICONS[status];
    themeIcon = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
    statusIcons.set(status, themeIcon);
  }
  return themeIcon;
}

export function statusLabel(status: Status): string {
  switch (status) {
    case 'New':
      return vscode.l10n.t('New');
    case 'Contacted':
      return vscode.l10n.t('Contacted');
    case 'Converted':
      return vscode.l10n.t('Converted');
    case 'Unsubscribed':
      return vscode.l10n.t('Unsubscribed');
  }
}
