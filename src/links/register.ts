// Links to a lead and requests for it: the `vscode://topcalls.topcalls-leads/lead/…` handler,
// Copy Link to Lead, Copy as cURL, and the live checks on open lead documents.
import * as vscode from 'vscode';
import type { TokenStore } from '../auth/tokenStore';
import { apiBaseUrl } from '../config';
import type { LeadFiles } from '../document/leadFiles';
import { leadIdOf, leadUri } from '../document/leadUri';
import { activeLeadId } from '../document/register';
import { problemText } from '../document/writeFailureText';
import type { LeadStore } from '../store/leadStore';
import type { LeadsView } from '../tree/leadsView';
import { notifyError } from '../ui/notify';
import { phoneProblemText } from '../ui/phoneText';
import { registerLeadDiagnostics } from './diagnostics';
import { heldCopies } from './heldCopies';
import { Command } from '../contributions';


export interface LinkDeps {
  store: LeadStore;
  files: LeadFiles;
  view: LeadsView;
  tokens: TokenStore;
}

export interface RegisteredLinks {
  disposables: vscode.Disposable[];
  /** What a link does; resolves once the lead is open, or the link refused. */
  openLink(uri: vscode.Uri): Promise<void>;
}

export function registerLinks(deps: LinkDeps): RegisteredLinks {
  const openLink = (uri: vscode.Uri): Promise<void> => followLink(deps, uri);
  return {
    openLink,
    disposables: [
      ...registerLeadDiagnostics(deps.store, deps.files),
      vscode.window.registerUriHandler({ handleUri: openLink }),
      vscode.commands.registerCommand(Command.copyLink, (arg?: unknown) => copyLink(deps, arg)),
      vscode.commands.registerCommand(Command.copyAsCurl, (arg?: unknown) => copyAsCurl(deps, arg)),
    ],
  };
}

async function followLink(deps: LinkDeps, uri: vscode.Uri): Promise<void> {
  const { readLeadLink, leadLinkText } = await import('./leadLink');
  const link = readLeadLink(uri.path, uri.query);
  const shape = vscode.l10n.t('Links to a lead look like {0} or {1}.', leadLinkText(vscode.env.uriScheme, '<id>'), `${leadLinkText(vscode.env.uriScheme, '')}?phone=+14155552671`);
  switch (link.kind) {
    case 'notLead':
      void notifyError(vscode.l10n.t('This TopCalls link does not name a lead. {0}', shape));
      return;
    case 'badId':
      void notifyError(vscode.l10n.t('"{0}" in this TopCalls link is not a lead id. {1}', link.id, shape));
      return;
    case 'badPhone':
      void notifyError(vscode.l10n.t('"{0}" in this TopCalls link is not a phone number: {1}', link.phone, phoneProblemText(link.problem)));
      return;
  }
  // Signing in is the step the link needs first; the lead opens once it is done.
  if (!(await deps.tokens.signedIn()) && !(await vscode.commands.executeCommand<boolean>(Command.setToken))) return;
  if (link.kind === 'id') await vscode.commands.executeCommand(Command.openLead, link.id);
  else await vscode.commands.executeCommand(Command.goToPhone, link.phone);
}

/** The lead a command names: an editor's resource, a tree node or id, else the active editor's lead or the tree's selection. */
function leadIdFor(deps: LinkDeps, arg: unknown): string | undefined {
  if (arg instanceof vscode.Uri) return leadIdOf(arg);
  if (typeof arg === 'string') return arg;
  if (arg !== undefined) return deps.view.leadsFromArgs(arg)[0]?.id;
  return activeLeadId() ?? deps.view.leadsFromArgs(undefined)[0]?.id;
}

async function copyLink(deps: LinkDeps, arg: unknown): Promise<void> {
  const id = leadIdFor(deps, arg);
  if (id === undefined) return;
  const { leadLinkText } = await import('./leadLink');
  // Not asExternalUri: the link is for other people's and apps' VS Code, where only the
  // plain `<scheme>://` form works (in a remote or web window that call gives a URL for this window's server).
  const link = leadLinkText(vscode.env.uriScheme, id);
  await vscode.env.clipboard.writeText(link);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', link), 3000);
}

async function copyAsCurl(deps: LinkDeps, arg: unknown): Promise<void> {
  const id = leadIdFor(deps, arg);
  if (id === undefined) return;
  const [{ curlCommand }, { leadRequest }] = await Promise.all([import('./curl'), import('./unsavedRequest')]);
  const uri = leadUri(id).toString();
  const unsaved = vscode.workspace.textDocuments.find((document) => document.isDirty && document.uri.toString() === uri);
  const result = leadRequest(unsaved?.getText(), (document) => heldCopies(document, deps.store.get(id), (leadId, at) => deps.files.readCopy(leadId, at)));
  if (!result.ok) {
    const why = result.problem === 'notHeld' ? vscode.l10n.t('the lead is no longer loaded: refresh it.') : problemText(result.problem);
    void notifyError(vscode.l10n.t('No curl command copied: the unsaved changes could not be sent. {0}', why));
    return;
  }
  await vscode.env.clipboard.writeText(curlCommand(apiBaseUrl(), id, result.request));
  vscode.window.setStatusBarMessage(
    result.request.method === 'PATCH'
      ? vscode.l10n.t('Copied the curl command that sends the unsaved changes (PATCH)')
      : vscode.l10n.t('Copied the curl command that reads the lead (GET)'),
    3000,
  );
}
