// How a lead, a status group and the helper rows look in the tree.
import * as vscode from 'vscode';
import type { Lead } from '../shared/schemas';
import { statusIcon, statusLabel } from '../ui/statusText';
import { formatDateTime } from '../shared/dates';
import { groupDescription } from './groupCount';
import type { GroupKey, GroupState } from './leadsModel';
import { markdownText } from './markdown';
import { readablePhone } from './phoneDisplay';
import { Command } from '../contributions';

/** Open Lead's second argument when a click in the tree runs it. */
export const FROM_TREE = 'tree';

/**
 * Bidirectional override and isolate characters: in a one-line label they can make
 * `gnp.exe` read as `exe.png`. Right-to-left text itself is left alone.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

function plainLabel(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/** A top-level row shown from a refresh that failed says so, in its description and to screen readers. */
function markStale(item: vscode.TreeItem): void {
  const mark = vscode.l10n.t('(may be out of date)');
  item.description = typeof item.description === 'string' && item.description ? `${item.description} ${mark}` : mark;
  if (item.accessibilityInformation) {
    item.accessibilityInformation = { label: `${item.accessibilityInformation.label}, ${mark}` };
  }
}

export function leadTreeItem(lead: Lead, id: string, stale = false): vscode.TreeItem {
  const item = new vscode.TreeItem(plainLabel(lead.name || lead.phone_number), vscode.TreeItemCollapsibleState.None);
  item.id = id;
  const phone = readablePhone(lead.phone_number);
  item.description = plainLabel([phone, lead.tags.join(', ')].filter(Boolean).join(' · '));
  item.iconPath = statusIcon(lead.status);
  // The tooltip is built on hover (resolveTreeItem): most rows are never hovered.
  // Words the menus' `when` clauses match: Copy Email needs an email, Remove from List a list to keep.
  item.contextValue = ['lead', lead.email ? 'lead.hasEmail' : '', (lead.list_ids?.length ?? 0) > 1 ? 'lead.inManyLists' : ''].filter(Boolean).join(' ');
  item.accessibilityInformation = { label: `${lead.name}, ${statusLabel(lead.status)}, ${phone}` };
  // As the Explorer does: a click previews and leaves the focus in the tree (see document/register).
  item.command = { command: Command.openLead, title: vscode.l10n.t('Open Lead'), arguments: [lead.id, FROM_TREE] };
  if (stale) markStale(item);
  return item;
}

const NOTES_EXCERPT = 300;

/** Every piece of lead data goes in through markdownText. */
export function leadTooltip(lead: Lead): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', false);
  md.isTrusted = false;
  md.supportHtml = false;
  const row = (label: string, value: string | undefined | null): void => {
    if (value) {
      md.appendMarkdown(`**${label}:** ${markdownText(value)}  \n`);
    }
  };
  md.appendMarkdown(`### ${markdownText(lead.name || lead.phone_number)}\n\n`);
  row(vscode.l10n.t('Status'), statusLabel(lead.status));
  row(vscode.l10n.t('Phone'), readablePhone(lead.phone_number));
  row(vscode.l10n.t('Email'), lead.email);
  row(vscode.l10n.t('Tags'), lead.tags.join(', '));
  const lists = lead.list_ids?.length ?? 0;
  // List ids are UUIDs, which say nothing to a reader; the form lists them.
  if (lists > 0) row(vscode.l10n.t('Lists'), lists === 1 ? vscode.l10n.t('1 list') : vscode.l10n.t('{0} lists', lists));
  row(vscode.l10n.t('Updated'), formatDateTime(lead.updated_at, vscode.env.language));
  if (lead.notes) {
    // Cut between code points, never inside an emoji's surrogate pair.
    const cut = /[\uD800-\uDBFF]/.test(lead.notes.charAt(NOTES_EXCERPT - 1)) ? NOTES_EXCERPT - 1 : NOTES_EXCERPT;
    const excerpt = lead.notes.length > NOTES_EXCERPT ? `${lead.notes.slice(0, cut)}…` : lead.notes;
    md.appendMarkdown(`\n**${vscode.l10n.t('Notes')}:**\n\n${markdownText(excerpt)}`);
  }
  return md;
}

export function groupTreeItem(key: GroupKey, state: GroupState, id: string, stale = false): vscode.TreeItem {
  const label = key === 'all' ? vscode.l10n.t('All Leads') : statusLabel(key);
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = id;
  item.contextValue = 'group';
  if (key !== 'all') {
    item.iconPath = statusIcon(key);
  }
  item.description = groupDescription(state);
  if (state.loaded) {
    const count = state.ids.length;
    const said = state.hasMore
      ? vscode.l10n.t('{0}: {1} leads loaded, TopCalls has more', label, count)
      : vscode.l10n.t('{0}: {1} leads', label, count);
    item.tooltip = said;
    item.accessibilityInformation = { label: said };
  }
  if (stale) markStale(item);
  return item;
}

export function loadMoreTreeItem(group: GroupKey, id: string): vscode.TreeItem {
  const item = new vscode.TreeItem(vscode.l10n.t('Load more…'), vscode.TreeItemCollapsibleState.None);
  item.id = id;
  item.iconPath = new vscode.ThemeIcon('fold-down');
  item.contextValue = 'loadMore';
  item.command = { command: Command.loadMore, title: vscode.l10n.t('Load More'), arguments: [group] };
  return item;
}

export function messageTreeItem(group: GroupKey, tone: 'error' | 'empty', text: string, id: string): vscode.TreeItem {
  const item = new vscode.TreeItem(text, vscode.TreeItemCollapsibleState.None);
  item.id = id;
  if (tone === 'error') {
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    item.tooltip = vscode.l10n.t('{0} Click to retry.', text);
    item.contextValue = 'loadError';
    item.command = { command: Command.retryGroup, title: vscode.l10n.t('Retry'), arguments: [group] };
  } else {
    item.iconPath = new vscode.ThemeIcon('info');
    item.contextValue = 'empty';
  }
  return item;
}
