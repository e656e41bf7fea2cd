// The lead form's entry point: a custom editor for lead documents (`topcalls:/leads/<id>.json`),
// registered at activation. The form itself (zod, the protocol) loads when the first one opens.
import * as vscode from 'vscode';
import type { LeadFiles } from '../document/leadFiles';
import type { Log } from '../log';
import type { LeadStore } from '../store/leadStore';
import type { LeadForm } from './leadForm';
import { LEAD_FORM_VIEW_TYPE } from '../contributions';

export interface FormDeps {
  context: vscode.ExtensionContext;
  store: LeadStore;
  log: Log;
  /** The lead file system: its failed and successful saves are shown in the form. */
  files: LeadFiles;
}

/** What the in-editor tests drive. */
export interface FormTesting {
  /** The forms open now on the document at `uri`. */
  forms(uri: vscode.Uri): LeadForm[];
  /** Fires when a form has been set up on its document. */
  readonly onDidOpen: vscode.Event<LeadForm>;
}

export interface RegisteredForms {
  disposables: vscode.Disposable[];
  /** Tells the open forms that `baseUrl`'s token was removed. */
  signedOut(baseUrl: string): void;
  testing: FormTesting;
}

export function registerLeadForm(deps: FormDeps): RegisteredForms {
  const forms = new Set<LeadForm>();
  const opened = new vscode.EventEmitter<LeadForm>();
  let loading: Promise<typeof import('./leadForm')> | undefined;
  const provider: vscode.CustomTextEditorProvider = {
    resolveCustomTextEditor: async (document, panel) => {
      const { LeadForm } = await (loading ??= import('./leadForm'));
      const form = new LeadForm(document, panel, deps);
      forms.add(form);
      form.onDidDispose(() => forms.delete(form));
      opened.fire(form);
    },
  };
  const disposables = [
    opened,
    vscode.window.registerCustomEditorProvider(LEAD_FORM_VIEW_TYPE, provider, {
      supportsMultipleEditorsPerDocument: true,
      webviewOptions: { enableFindWidget: true },
    }),
  ];
  const testing: FormTesting = {
    forms: (uri) => [...forms].filter((form) => form.document.uri.toString() === uri.toString()),
    onDidOpen: opened.event,
  };
  return {
    disposables,
    signedOut: (baseUrl) => {
      for (const form of forms) form.signedOut(baseUrl);
    },
    testing,
  };
}
