// The leads Delete Lead and Remove from List act on: the tree's selection or the node they were
// run on, or a lead id passed in (automation, a link), read from TopCalls when it is not loaded.
import * as vscode from 'vscode';
import { ApiError } from '../api/errors';
import type { Lead } from '../shared/schemas';
import { showError } from '../ui/errorMessages';
import { notifyWarning } from '../ui/notify';
import type { LifeDeps } from './register';

/** The leads; [] when the command was given nothing (the caller asks); undefined when a given id cannot be read (said so). */
export async function commandLeads(deps: LifeDeps, arg: unknown, selected?: unknown): Promise<Lead[] | undefined> {
  const leads = deps.view.leadsFromArgs(arg, selected);
  if (leads.length > 0 || typeof arg !== 'string') return leads;
  try {
    const lead = await deps.client.getLead(arg);
    deps.store.put(lead);
    return [lead];
  } catch (error) {
    if (error instanceof ApiError && error.gone) void notifyWarning(vscode.l10n.t('TopCalls has no lead {0}.', arg));
    else showError(error, { retry: () => commandLeads(deps, arg, selected) });
    return undefined;
  }
}
