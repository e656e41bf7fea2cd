// "TopCalls: Remove from List…": takes a lead out of one of its lists (DELETE /v1/leads/{id}?list_id=).
// The contract says a lead whose last list is removed is deleted too: the confirmation says so.
import * as vscode from 'vscode';
import { ApiError } from '../api/errors';
import type { Lead } from '../shared/schemas';
import { describeError, showError } from '../ui/errorMessages';
import { confirmModal, notifyInfo, notifyWarning } from '../ui/notify';
import { pickLead } from '../ui/pickLead';
import { commandLeads } from './commandLeads';
import { leadName } from './confirmation';
import type { LifeDeps } from './register';

/** What a run did, for whoever ran the command (the tests read it). */
export interface RemoveResult {
  listId: string;
  /** The lead as TopCalls has it now; undefined when it is gone (its last list was removed). */
  lead: Lead | undefined;
}

export async function removeFromList(deps: LifeDeps, arg?: unknown, listArg?: unknown): Promise<RemoveResult | undefined> {
  const leads = await commandLeads(deps, arg);
  if (!leads) return undefined;
  if (leads.length > 1) {
    void notifyInfo(vscode.l10n.t('Remove from List works on one lead at a time: select only the lead to take out of a list.'));
    return undefined;
  }
  const lead = leads[0] ?? (arg === undefined ? await pickLead(deps.store.all(), deps.client, vscode.l10n.t('Remove from List')) : undefined);
  if (!lead) return undefined;
  const lists = await listsOf(deps, lead, () => removeFromList(deps, arg, listArg));
  if (!lists) return undefined;
  if (lists.length === 0) {
    void notifyInfo(vscode.l10n.t('{0} is in no list.', leadName(lead)));
    return undefined;
  }
  const listId = typeof listArg === 'string' ? listArg : await pickList(lead, lists);
  if (listId === undefined) return undefined;
  if (!lists.includes(listId)) {
    void notifyWarning(vscode.l10n.t('{0} is not in the list {1}.', leadName(lead), listId));
    return undefined;
  }
  if (!(await confirmRemove(lead, listId, lists.length))) return undefined;
  return remove(deps, lead, listId);
}

/**
 * The lead's lists as TopCalls has them now: the confirmation says whether this is the last
 * one (and so deletes the lead), which a stale copy could get wrong.
 */
async function listsOf(deps: LifeDeps, lead: Lead, retry: () => unknown): Promise<string[] | undefined> {
  try {
    const fresh = await deps.client.getLead(lead.id);
    deps.store.put(fresh);
    return fresh.list_ids ?? [];
  } catch (error) {
    if (error instanceof ApiError && error.gone) deps.store.remove(lead.id);
    showError(error, { retry });
    return undefined;
  }
}

async function pickList(lead: Lead, lists: string[]): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(
    lists.map((id) => ({ label: id, iconPath: new vscode.ThemeIcon('list-unordered'), id })),
    { title: vscode.l10n.t('Remove {0} from which list?', leadName(lead)) },
  );
  return picked?.id;
}

async function confirmRemove(lead: Lead, listId: string, lists: number): Promise<boolean> {
  const action = vscode.l10n.t('Remove');
  const message = vscode.l10n.t('Remove {0} from the list {1}?', leadName(lead), listId);
  const rule = vscode.l10n.t('TopCalls deletes a lead when its last list is removed.');
  const detail =
    lists > 1
      ? `${vscode.l10n.t('The lead stays in its other {0} list(s).', lists - 1)} ${rule}`
      : `${vscode.l10n.t('This is its only list:')} ${rule} ${vscode.l10n.t('There is no undo.')}`;
  return (await confirmModal(message, detail, action)) === action;
}

async function remove(deps: LifeDeps, lead: Lead, listId: string): Promise<RemoveResult | undefined> {
  const name = leadName(lead);
  let answered404 = false;
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Removing {0} from the list…', name) }, () =>
      deps.client.deleteLead(lead.id, listId),
    );
  } catch (error) {
    // 404: not in that list (any more), or no such lead; the read below says which.
    if (!(error instanceof ApiError && error.gone)) {
      deps.log.error(`Remove ${lead.id} from list ${listId}: ${describeError(error)}`);
      // Sent again, a removal that did land answers 404, which the read below explains.
      showError(error, { retry: () => remove(deps, lead, listId) });
      return undefined;
    }
    answered404 = true;
  }
  // The DELETE answers without the lead: its lists and updated_at come from a read.
  let now: Lead | undefined;
  try {
    now = await deps.client.getLead(lead.id);
    deps.store.put(now);
  } catch (error) {
    if (!(error instanceof ApiError && error.gone)) {
      const done = answered404 ? vscode.l10n.t('{0} was not in the list {1} any more, but reading it back failed:', name, listId) : vscode.l10n.t('{0} was removed from the list, but reading it back failed:', name);
      showError(error, { message: `${done} ${describeError(error)}`, warning: true, retry: () => deps.view.refreshLeads([lead]) });
      return undefined;
    }
    deps.store.remove(lead.id);
  }
  if (now === undefined) {
    void notifyInfo(
      answered404
        ? vscode.l10n.t('{0} no longer exists on TopCalls.', name)
        : vscode.l10n.t('{0} was removed from the list and, being in no other list, deleted by TopCalls.', name),
    );
  } else if (now.list_ids?.includes(listId)) {
    void notifyWarning(vscode.l10n.t('{0} is still in the list {1}: TopCalls did not remove it.', name, listId));
  } else if (answered404) {
    void notifyInfo(vscode.l10n.t('{0} was no longer in the list {1}.', name, listId));
  } else {
    vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Removed {0} from the list.', name)}`, 5000);
  }
  return { listId, lead: now && (deps.store.get(lead.id) ?? now) };
}
