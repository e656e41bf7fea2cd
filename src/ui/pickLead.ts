// "Which lead?": a quick pick over the leads loaded in the tree that also takes
// a phone number and looks it up on the server.
import * as vscode from 'vscode';
import type { TopCallsClient } from '../api/client';
import type { Lead } from '../shared/schemas';
import { normalizePhone } from '../shared/phone';
import { statusLabel } from './statusText';
import { showError } from './errorMessages';
import { notifyInfo } from './notify';

type Item = vscode.QuickPickItem & { lead?: Lead; phone?: string };

export async function pickLead(loaded: Lead[], client: TopCallsClient, title: string): Promise<Lead | undefined> {
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = title;
  pick.placeholder = vscode.l10n.t('Type a name, or a phone number (+country code) to look it up');
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  const leadItems: Item[] = loaded.map((lead) => ({
    label: lead.name || lead.phone_number,
    description: lead.phone_number,
    detail: [statusLabel(lead.status), lead.tags.join(', ')].filter(Boolean).join(' · '),
    lead,
  }));
  pick.items = leadItems;
  pick.onDidChangeValue((typed) => {
    const phone = normalizePhone(typed);
    const known = phone && loaded.some((lead) => lead.phone_number === phone);
    pick.items = phone && !known ? [{ label: `$(search) ${vscode.l10n.t('Look up {0}', phone)}`, phone, alwaysShow: true }, ...leadItems] : leadItems;
  });
  const chosen = await new Promise<Item | undefined>((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]);
      pick.hide();
    });
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  if (!chosen?.phone) {
    return chosen?.lead;
  }
  try {
    const found = await client.findByPhone(chosen.phone);
    if (!found) {
      void notifyInfo(vscode.l10n.t('No lead has the phone number {0}.', chosen.phone));
    }
    return found;
  } catch (error) {
    showError(error);
    return undefined;
  }
}
