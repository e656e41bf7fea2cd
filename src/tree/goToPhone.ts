// "TopCalls: Go to Lead by Phone": looks a number up on the server and shows the lead
// in the tree. Loaded with the command (libphonenumber-js checks the number).
import * as vscode from 'vscode';
import type { TopCallsClient } from '../api/client';
import type { Lead } from '../api/schemas';
import { readPhone } from '../phone';
import { showError } from '../ui/errors';
import { notifyError, notifyInfo } from '../ui/notify';
import { phoneProblemText } from '../ui/phoneText';
import { statusLabel } from './leadItem';
import type { LeadsView } from './leadsView';

export async function goToPhone(view: LeadsView, client: TopCallsClient, arg: unknown): Promise<Lead | undefined> {
  const typed =
    typeof arg === 'string'
      ? arg
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Go to Lead by Phone'),
          prompt: vscode.l10n.t('Phone number in international format, e.g. +14155552671'),
          validateInput: (text) => {
            const reading = readPhone(text);
            return reading.ok ? undefined : phoneProblemText(reading.problem);
          },
        });
  if (typed === undefined) {
    return undefined;
  }
  const reading = readPhone(typed);
  if (!reading.ok) {
    void notifyError(vscode.l10n.t('"{0}" cannot be looked up: {1}', typed, phoneProblemText(reading.problem)));
    return undefined;
  }
  const phone = reading.e164;
  let lead: Lead | undefined;
  try {
    lead = await view.provider.withViewProgress(() => client.findByPhone(phone));
  } catch (error) {
    showError(error, () => goToPhone(view, client, phone));
    return undefined;
  }
  if (!lead) {
    void notifyInfo(vscode.l10n.t('No lead has the phone number {0}.', phone));
    return undefined;
  }
  if (!(await view.reveal(lead))) {
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
