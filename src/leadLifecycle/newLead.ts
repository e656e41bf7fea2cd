// "TopCalls: New Lead…": asks for the name, the phone and the list, then the optional email,
// status and tags, each checked as typed with the create schema; creates it (createOnce.ts) and
// shows it in the tree, selected.
import * as vscode from 'vscode';
import { ApiError } from '../api/errors';
import { describeZodError, LeadCreateSchema, STATUSES, type LeadCreate, type Status } from '../shared/schemas';
import { readDialledPhone } from '../shared/phone';
import { describeError, showError } from '../ui/errorMessages';
import { notifyError, notifyInfo } from '../ui/notify';
import { phoneInput } from '../ui/phoneInput';
import { statusIcon, statusLabel } from '../ui/statusText';
import { Command } from '../contributions';
import { createOnce, type CreateCalls, type CreateOutcome } from './createOnce';
import { leadName } from './confirmation';
import type { LifeDeps } from './register';
import { pickList, rememberList } from './listChoice';

const STEPS = 6;

export async function newLead(deps: LifeDeps, arg?: unknown): Promise<CreateOutcome | undefined> {
  let lead: LeadCreate | undefined;
  if (arg !== undefined) {
    // From automation: checked like anything else from outside.
    const parsed = LeadCreateSchema.safeParse(arg);
    if (!parsed.success) {
      void notifyError(vscode.l10n.t('Invalid lead: {0}', describeZodError(parsed.error)));
      return undefined;
    }
    lead = parsed.data;
  } else {
    lead = await askForLead(deps);
  }
  return lead && create(deps, lead);
}

/**
 * Why the create schema refuses one field's value, in the user's language (the schema's own
 * messages are English: the form and the sandbox share them), or undefined when it takes it.
 */
function fieldProblem(field: 'name' | 'email' | 'tags', value: unknown): string | undefined {
  if (LeadCreateSchema.shape[field].safeParse(value).success) return undefined;
  switch (field) {
    case 'name':
      return vscode.l10n.t('The name cannot be empty.');
    case 'email':
      return vscode.l10n.t('Not a valid email address.');
    case 'tags':
      return vscode.l10n.t('Tags are text, separated by commas.');
  }
}

const title = (step: number): string => vscode.l10n.t('New Lead ({0}/{1})', step, STEPS);

async function askForLead(deps: LifeDeps): Promise<LeadCreate | undefined> {
  const name = await vscode.window.showInputBox({
    title: title(1),
    prompt: vscode.l10n.t('Name'),
    ignoreFocusOut: true,
    validateInput: (text) => fieldProblem('name', text.trim()),
  });
  if (name === undefined) return undefined;

  const { country, options } = phoneInput(title(2), (readable) => vscode.l10n.t('Creates {0}', readable));
  const phoneText = await vscode.window.showInputBox({ ...options, ignoreFocusOut: true });
  if (phoneText === undefined) return undefined;
  const phone = readDialledPhone(phoneText, country);
  if (!phone.ok) return undefined;

  const listId = await pickList(deps.context.globalState, deps.store.all(), title(3));
  if (listId === undefined) return undefined;

  const email = await vscode.window.showInputBox({
    title: title(4),
    prompt: vscode.l10n.t('Email (optional: leave empty to skip)'),
    ignoreFocusOut: true,
    validateInput: (text) => (text.trim() ? fieldProblem('email', text.trim()) : undefined),
  });
  if (email === undefined) return undefined;

  const status = await pickStatus(title(5));
  if (status === undefined) return undefined;

  const tagsText = await vscode.window.showInputBox({
    title: title(6),
    prompt: vscode.l10n.t('Tags, separated by commas (optional: leave empty to skip)'),
    ignoreFocusOut: true,
    validateInput: (text) => fieldProblem('tags', tagList(text)),
  });
  if (tagsText === undefined) return undefined;

  const tags = tagList(tagsText);
  return {
    name: name.trim(),
    phone_number: phone.e164,
    list_id: listId,
    ...(email.trim() ? { email: email.trim() } : {}),
    ...(status === 'skip' ? {} : { status }),
    ...(tags.length > 0 ? { tags } : {}),
  };
}

/** A status, or 'skip' to leave it to TopCalls; undefined when dismissed. */
async function pickStatus(stepTitle: string): Promise<Status | 'skip' | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('Skip (TopCalls sets the status)'), iconPath: new vscode.ThemeIcon('debug-step-over'), status: 'skip' as const },
      ...STATUSES.map((s) => ({ label: statusLabel(s), iconPath: statusIcon(s), status: s })),
    ],
    { title: stepTitle, placeHolder: vscode.l10n.t('Status (optional)'), ignoreFocusOut: true },
  );
  return picked?.status;
}

function tagList(text: string): string[] {
  return [...new Set(text.split(',').map((tag) => tag.trim()).filter(Boolean))];
}

async function create(deps: LifeDeps, lead: LeadCreate, lostAnswer?: ApiError): Promise<CreateOutcome | undefined> {
  let outcome: CreateOutcome;
  const calls: CreateCalls = {
    create: (l) => deps.client.createLead(l),
    findInList: async (phone, listId) => (await deps.client.listLeads({ phone, list_id: listId }, undefined, 1)).items[0],
  };
  try {
    outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Creating {0}…', lead.name) },
      () => createOnce(calls, lead, lostAnswer),
    );
  } catch (error) {
    deps.log.error(`New lead ${lead.phone_number}: not created: ${describeError(error)}`);
    // A Retry after a lost answer looks the phone up first, as createOnce did after every one.
    showError(error, { retry: () => create(deps, lead, error instanceof ApiError && error.mayHaveApplied ? error : undefined) });
    return undefined;
  }
  await rememberList(deps.context.globalState, lead.list_id);
  if (outcome.kind === 'unknown') {
    deps.log.error(`New lead ${lead.phone_number}: answer lost, and the lookup failed: ${describeError(outcome.lookupError)}`);
    const look = vscode.l10n.t('Go to Lead by Phone');
    void notifyError(
      vscode.l10n.t(
        'It is not known whether {0} was created: the answer from TopCalls was lost and looking the phone up failed too. Look {1} up before creating it again.',
        lead.name,
        lead.phone_number,
      ),
      look,
    ).then((choice) => choice === look && vscode.commands.executeCommand(Command.goToPhone, lead.phone_number));
    return outcome;
  }
  deps.store.put(outcome.lead, 'write');
  const name = leadName(outcome.lead);
  const message =
    outcome.kind === 'created'
      ? outcome.recovered
        ? vscode.l10n.t('Created the lead {0}. (The answer was lost on the way; looking the phone up found it, so it was not sent again.)', name)
        : vscode.l10n.t('Created the lead {0}.', name)
      : vscode.l10n.t(
          'The phone number was already on TopCalls: the existing lead {0} was added to the list. Its other fields were NOT changed (the name, email, status and tags you entered were not saved).',
          name,
        );
  let shown: boolean;
  try {
    shown = await deps.view.reveal(deps.store.get(outcome.lead.id) ?? outcome.lead);
  } catch (error) {
    // The lead is made and in the store (the tree shows it): only selecting its row failed.
    deps.log.warn(`New lead ${outcome.lead.id}: its row could not be selected: ${String(error)}`);
    shown = true;
  }
  if (shown) {
    void notifyInfo(message);
    return outcome;
  }
  const clear = vscode.l10n.t('Clear Filter and Show');
  void notifyInfo(`${message} ${vscode.l10n.t('It is hidden by the current filter.')}`, clear).then(async (choice) => {
    if (choice !== clear) return;
    await deps.view.setFilters({});
    await deps.view.reveal(outcome.lead).catch((error: unknown) => deps.log.warn(`New lead ${outcome.lead.id}: its row could not be selected: ${String(error)}`));
  });
  return outcome;
}
