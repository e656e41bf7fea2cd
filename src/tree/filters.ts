// "TopCalls: Filter Leads…": status, tag, list and phone, combined, using the
// API's own query parameters. Loaded with the command (libphonenumber-js checks phones).
import * as vscode from 'vscode';
import { STATUSES } from '../shared/contract';
import type { Lead, LeadFilters } from '../shared/schemas';
import { normalizePhone, readPhone } from '../shared/phone';
import { phoneProblemText } from '../ui/phoneText';
import { describeFilters } from './filterState';
import { statusLabel } from '../ui/statusText';

type Field = keyof LeadFilters;

/**
 * A small menu that edits one filter field at a time and shows the whole filter
 * as it stands; Apply uses it, Escape leaves the current filter unchanged.
 */
export async function pickFilters(current: LeadFilters, loaded: Lead[]): Promise<LeadFilters | undefined> {
  let draft: LeadFilters = { ...current };
  for (;;) {
    const items: (vscode.QuickPickItem & { field?: Field; apply?: true; clear?: true })[] = [
      { label: `$(check) ${vscode.l10n.t('Apply')}`, description: describeFilters(draft) || vscode.l10n.t('no filter'), apply: true },
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      { label: `$(circle-large-outline) ${vscode.l10n.t('Status')}`, description: draft.status ? statusLabel(draft.status) : vscode.l10n.t('any'), field: 'status' },
      { label: `$(tag) ${vscode.l10n.t('Tag')}`, description: draft.tag ?? vscode.l10n.t('any'), field: 'tag' },
      { label: `$(list-unordered) ${vscode.l10n.t('List')}`, description: draft.list_id ?? vscode.l10n.t('any'), field: 'list_id' },
      { label: `$(device-mobile) ${vscode.l10n.t('Phone')}`, description: draft.phone ?? vscode.l10n.t('any'), field: 'phone' },
      { label: `$(clear-all) ${vscode.l10n.t('Clear All')}`, clear: true },
    ];
    const choice = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Filter Leads'),
      placeHolder: vscode.l10n.t('Choose a field to change, then Apply'),
    });
    if (!choice) {
      return undefined;
    }
    if (choice.apply) {
      return draft;
    }
    if (choice.clear) {
      draft = {};
      continue;
    }
    if (choice.field) {
      const value = await pickValue(choice.field, draft, loaded);
      if (value !== null) {
        draft = { ...draft, [choice.field]: value };
      }
    }
  }
}

/** A new value for one field: undefined clears it, null means the user backed out. */
async function pickValue(field: Field, draft: LeadFilters, loaded: Lead[]): Promise<string | undefined | null> {
  const any = vscode.l10n.t('(any)');
  if (field === 'status') {
    const items = [{ label: any }, ...STATUSES.map((status) => ({ label: statusLabel(status), status }))];
    const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Filter by Status') });
    return pick === undefined ? null : 'status' in pick ? pick.status : undefined;
  }
  if (field === 'phone') {
    const value = await vscode.window.showInputBox({
      title: vscode.l10n.t('Filter by Phone'),
      prompt: vscode.l10n.t('A phone number in international format; leave empty for any'),
      value: draft.phone ?? '',
      validateInput: (text) => {
        const reading = readPhone(text);
        return text.trim() === '' || reading.ok ? undefined : phoneProblemText(reading.problem);
      },
    });
    return value === undefined ? null : value.trim() === '' ? undefined : normalizePhone(value);
  }
  const seen = new Set<string>();
  for (const lead of loaded) {
    for (const value of field === 'tag' ? lead.tags : lead.list_ids ?? []) seen.add(value);
  }
  return pickFromSeenOrTyped(field === 'tag' ? vscode.l10n.t('Filter by Tag') : vscode.l10n.t('Filter by List'), [...seen].sort(), any);
}

/** A quick pick over values seen in loaded leads that also takes what the user types. */
async function pickFromSeenOrTyped(title: string, seen: string[], any: string): Promise<string | undefined | null> {
  const pick = vscode.window.createQuickPick();
  pick.title = title;
  pick.placeholder = vscode.l10n.t('Pick one, or type a value and press Enter');
  const base = [{ label: any }, ...seen.map((label) => ({ label }))];
  pick.items = base;
  pick.onDidChangeValue((typed) => {
    const value = typed.trim();
    pick.items = value && !seen.includes(value) ? [{ label: value, description: vscode.l10n.t('typed') }, ...base] : base;
  });
  const result = await new Promise<string | undefined | null>((resolve) => {
    pick.onDidAccept(() => {
      const label = pick.selectedItems[0]?.label ?? pick.value.trim();
      resolve(label === any || label === '' ? undefined : label);
      pick.hide();
    });
    pick.onDidHide(() => resolve(null));
    pick.show();
  });
  pick.dispose();
  return result;
}
