// "TopCalls: Go to Lead by Phone": looks a number up on the server, selects the lead in the
// tree and opens it, as a click on its row does. Loaded with the command (libphonenumber-js
// checks the number).
import * as vscode from 'vscode';
import type { TopCallsClient } from '../api/client';
import type { Lead } from '../shared/schemas';
import { readDialledPhone } from '../shared/phone';
import { showError } from '../ui/errorMessages';
import { notifyError, notifyInfo } from '../ui/notify';
import { phoneInput } from '../ui/phoneInput';
import { phoneProblemText } from '../ui/phoneText';
import { statusLabel } from '../ui/statusText';
import type { LeadsView } from './leadsView';
import { Command } from '../contributions';

export async function goToPhone(view: LeadsView, client: TopCallsClient, arg: unknown): Promise<Lead | undefined> {
  const { country, options } = phoneInput(vscode.l10n.t('Go to Lead by Phone'), (readable) => vscode.l10n.t('Looks up {0}', readable));
  const typed = typeof arg === 'string' ? arg : await vscode.window.showInputBox(options);
  if (typed === undefined) {
    return undefined;
  }
  const reading = readDialledPhone(typed, country);
  if (!reading.ok) {
    void notifyError(vscode.l10n.t('"{0}" cannot be looked up: {1}', typed, phoneProblemText(reading.problem)));
    return undefined;
  }
  const phone = reading.e164;
  let lead: Lead | undefined;
  try {
    lead = await view.provider.withViewProgress(() => client.findByPhone(phone));
  } catch (error) {
    showError(error, { retry: () => goToPhone(view, client, phone) });
    return undefined;
  }
  if (!lead) {
    void notifyInfo(vscode.l10n.t('No lead has the phone number {0}.', phone));
    return undefined;
  }
  const shown = await view.reveal(lead);
  await vscode.commands.executeCommand(Command.openLead, lead.id);
  if (!shown) {
    const clear = vscode.l10n.t('Clear Filter and Show');
    const choice = await notifyInfo(
      vscode.l10n.t('{0} ({1}, {2}) is hidden by the current filter.', lead.name, phone, statusLabel(lead.status)),
      clear,
    );
    if (choice === clear) {
      await view.setFilters({});
      await view.reveal(lead);
    }
  }
  return lead;
}
