// "TopCalls: Delete Lead": one lead or every selected one, after a modal confirmation that names
// them and says there is no undo. One lead: DELETE /v1/leads/{id}; several: bulk deletes by id in
// chunks (bulkDelete.ts). What is gone leaves the store, and the tree and the documents follow.
import * as vscode from 'vscode';
import { ApiError } from '../api/errors';
import type { Lead } from '../shared/schemas';
import { describeError, showError } from '../ui/errorMessages';
import { confirmModal, notifyInfo } from '../ui/notify';
import { pickLead } from '../ui/pickLead';
import { deleteInChunks, type DeleteTally } from './bulkDelete';
import { commandLeads } from './commandLeads';
import { confirmationNames, leadName } from './confirmation';
import type { LifeDeps } from './register';

/** What a run did, for whoever ran the command (the tests read it). */
export type DeleteResult = { kind: 'one'; lead: Lead; alreadyGone: boolean } | ({ kind: 'many' } & DeleteTally);

export async function deleteLeads(deps: LifeDeps, arg?: unknown, selected?: unknown): Promise<DeleteResult | undefined> {
  let leads = await commandLeads(deps, arg, selected);
  if (!leads) return undefined;
  if (leads.length === 0) {
    const picked = await pickLead(deps.store.all(), deps.client, vscode.l10n.t('Delete Lead'));
    leads = picked ? [picked] : [];
  }
  if (leads.length === 0 || !(await confirmDelete(leads))) return undefined;
  return leads.length === 1 ? deleteOne(deps, leads[0] as Lead) : deleteMany(deps, leads);
}

async function confirmDelete(leads: readonly Lead[]): Promise<boolean> {
  const action = vscode.l10n.t('Delete');
  const noUndo = vscode.l10n.t('There is no undo.');
  if (leads.length === 1) {
    const message = vscode.l10n.t('Delete the lead {0} from TopCalls?', leadName(leads[0] as Lead));
    const detail = `${vscode.l10n.t('The lead and its list memberships are deleted.')} ${noUndo}`;
    return (await confirmModal(message, detail, action)) === action;
  }
  const { names, more } = confirmationNames(leads);
  const listed = more > 0 ? vscode.l10n.t('{0} and {1} more.', names.join(', '), more) : `${names.join(', ')}.`;
  const message = vscode.l10n.t('Delete {0} leads from TopCalls?', leads.length);
  const detail = `${listed}\n\n${vscode.l10n.t('The leads and their list memberships are deleted.')} ${noUndo}`;
  return (await confirmModal(message, detail, action)) === action;
}

async function deleteOne(deps: LifeDeps, lead: Lead): Promise<DeleteResult | undefined> {
  const name = leadName(lead);
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Deleting {0}…', name) }, () =>
      deps.client.deleteLead(lead.id),
    );
  } catch (error) {
    if (error instanceof ApiError && error.gone) {
      deps.store.remove(lead.id);
      // Also the answer to a Retry after a lost answer to the first DELETE, which did delete it.
      void notifyInfo(vscode.l10n.t('{0} is not on TopCalls (any more).', name));
      return { kind: 'one', lead, alreadyGone: true };
    }
    deps.log.error(`Delete ${lead.id}: ${describeError(error)}`);
    // Sent again, a delete that went through answers 404, which is taken as done above.
    showError(error, { retry: () => deleteOne(deps, lead) });
    return undefined;
  }
  deps.store.remove(lead.id);
  vscode.window.setStatusBarMessage(`$(trash) ${vscode.l10n.t('Deleted {0}.', name)}`, 5000);
  return { kind: 'one', lead, alreadyGone: false };
}

async function deleteMany(deps: LifeDeps, leads: readonly Lead[]): Promise<DeleteResult> {
  const ids = leads.map((lead) => lead.id);
  const tally = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Deleting {0} leads', ids.length), cancellable: true },
    async (progress, token) => {
      const cancel = new AbortController();
      token.onCancellationRequested(() => cancel.abort());
      let reported = 0;
      return deleteInChunks(ids, {
        send: (chunk) => deps.client.bulkDeleteLeads(chunk, { stopRetrying: cancel.signal }),
        cancel: cancel.signal,
        onChunk: (gone, settled, total) => {
          deps.store.removeAll(gone);
          progress.report({ increment: (100 * (settled - reported)) / total, message: vscode.l10n.t('{0} of {1}', settled, total) });
          reported = settled;
        },
      });
    },
  );
  reportMany(deps, leads, tally);
  return { kind: 'many', ...tally };
}

function reportMany(deps: LifeDeps, leads: readonly Lead[], tally: DeleteTally): void {
  const parts = [vscode.l10n.t('{0} deleted', tally.deleted)];
  if (tally.notFound > 0) parts.push(vscode.l10n.t('{0} not found (already gone)', tally.notFound));
  if (tally.kept.length > 0) {
    const reasons = [...new Set(tally.kept.map((k) => k.reason).filter(Boolean))];
    const shown = reasons.slice(0, 3).join(', ') + (reasons.length > 3 ? ', …' : '');
    parts.push(shown ? vscode.l10n.t('{0} kept by TopCalls ({1})', tally.kept.length, shown) : vscode.l10n.t('{0} kept by TopCalls', tally.kept.length));
  }
  if (tally.unconfirmed.length > 0) parts.push(vscode.l10n.t('{0} not confirmed by the answer (Refresh Leads shows them as TopCalls has them)', tally.unconfirmed.length));
  if (tally.notDone.length > 0) {
    // A chunk whose answer was lost may have been deleted all the same: only a Retry can tell (it counts those as not found).
    const unsure = tally.error instanceof ApiError && tally.error.mayHaveApplied;
    parts.push(
      tally.cancelled
        ? vscode.l10n.t('{0} not sent (cancelled)', tally.notDone.length)
        : unsure
          ? vscode.l10n.t('{0} not confirmed', tally.notDone.length)
          : vscode.l10n.t('{0} not deleted', tally.notDone.length),
    );
  }
  const byId = new Map(leads.map((lead) => [lead.id, lead]));
  for (const { id, reason } of tally.kept) deps.log.warn(`Delete ${id}: kept by TopCalls (${reason || 'no reason given'})`);
  const summary = vscode.l10n.t('Delete of {0} leads: {1}.', leads.length, parts.join(', '));
  if (tally.error === undefined && tally.kept.length === 0 && tally.unconfirmed.length === 0) {
    void notifyInfo(summary);
    return;
  }
  const error = tally.error === undefined ? '' : ` ${describeError(tally.error)}`;
  if (tally.error !== undefined) deps.log.error(`Delete of ${leads.length} leads stopped: ${describeError(tally.error)}`);
  const rest = tally.notDone.map((id) => byId.get(id)).filter((lead): lead is Lead => lead !== undefined);
  // The user confirmed these leads already; a Retry counts a lead gone since as not found.
  showError(tally.error, { message: `${summary}${error}`, warning: true, retry: rest.length > 0 ? () => deleteMany(deps, rest) : undefined });
}
