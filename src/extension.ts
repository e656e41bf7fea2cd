// Activation: wires settings, the token, the client and the Leads view together.
// Kept light: nothing here talks to the network until the view or a command asks, and
// zod and libphonenumber-js (slow to load) come with the first request, command or lead form
// (test/unit/activation.test.ts holds activation to that).
import * as vscode from 'vscode';
import type { TopCallsClient } from './api/client';
import { createClient } from './api/extensionClient';
import type { TopCallsAuthProvider } from './auth/provider';
import { registerAuth } from './auth/register';
import { TokenStore } from './auth/tokenStore';
import { affects } from './config';
import { registerDocuments, type RegisteredDocuments } from './document/register';
import { registerLeadForm, type FormTesting } from './leadForm/register';
import { registerQuickEdits } from './quickEdits/register';
import { registerLeadLifecycle } from './leadLifecycle/register';
import { registerExport } from './export/register';
import { registerImport } from './import/register';
import { registerLinks, type RegisteredLinks } from './links/register';
import { createLog, type Log } from './log';
import { LeadStore } from './store/leadStore';
import { LeadsView } from './tree/leadsView';
import { StatusBar } from './ui/statusBar';
import { Command } from './contributions';

/** Handed to the in-editor tests only (TOPCALLS_TEST=1), never to other extensions in normal use. */
export interface TestingApi {
  context: vscode.ExtensionContext;
  client: TopCallsClient;
  store: LeadStore;
  view: LeadsView;
  tokens: TokenStore;
  log: Log;
  forms: FormTesting;
  documents: RegisteredDocuments;
  links: RegisteredLinks;
  statusBar: StatusBar;
  authProvider: TopCallsAuthProvider;
}

export function activate(context: vscode.ExtensionContext): { testing?: TestingApi } {
  const log = createLog(String((context.extension.packageJSON as { version: string }).version));
  const tokens = new TokenStore(context.secrets);
  const client = createClient(log, () => tokens.credentials());
  const store = new LeadStore();
  const view = new LeadsView(context, client, store, tokens.signedIn());
  const documents = registerDocuments({ context, client, store, view, log });
  const links = registerLinks({ store, files: documents.files, view, tokens });
  const forms = registerLeadForm({ context, store, log, files: documents.files });
  const statusBar = new StatusBar(tokens);
  const auth = registerAuth({ tokens, log, globalState: context.globalState, signedOut: (baseUrl) => forms.signedOut(baseUrl) });

  context.subscriptions.push(
    ...auth.disposables,
    log,
    tokens,
    view,
    ...view.register(),
    ...registerQuickEdits(client, store, view, log),
    ...registerLeadLifecycle({ client, store, view, log, context }),
    registerExport(view, client),
    ...registerImport({ client, store, view, log, context }),
    ...documents.disposables,
    ...links.disposables,
    ...forms.disposables,
    statusBar,
    vscode.commands.registerCommand(Command.showLog, () => log.show()),
    tokens.onDidChange((signedIn) => view.setSignedIn(signedIn)),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (affects(event, 'apiBaseUrl')) {
        // The view then shows the new URL's leads, or the sign-in welcome when it has no token.
        await tokens.baseUrlChanged();
      } else if (affects(event, 'groupBy')) {
        view.regroup();
      } else if (affects(event, 'pageSize')) {
        view.refresh();
      }
    }),
  );
  return process.env.TOPCALLS_TEST === '1' ? { testing: { context, client, store, view, tokens, log, forms: forms.testing, documents, links, statusBar, authProvider: auth.provider } } : {};
}

export function deactivate(): void {}
