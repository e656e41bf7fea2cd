// The lead editor's entry points: Open Lead, the save keybinding, and bringing
// panels back after a window reload. Registered at activation; the editor itself
// (zod, libphonenumber-js, the form's protocol) loads on first use.
import * as vscode from 'vscode';
import type { LeadEditors } from './editors';
import type { EditorDeps, LeadPanel } from './leadPanel';

export type { EditorDeps } from './leadPanel';

export const SAVE_LEAD_COMMAND = 'topcalls.saveLead';
/** Also in package.json (onWebviewPanel activation, the save keybinding's `when`). */
export const LEAD_VIEW_TYPE = 'topcalls.lead';

/** What the in-editor tests drive. */
export interface EditorTesting {
  /** Runs Open Lead for this id; resolves with its panel (undefined if it could not open). */
  open(id: string): Promise<LeadPanel | undefined>;
  panel(id: string): LeadPanel | undefined;
}

export interface RegisteredEditor {
  disposables: vscode.Disposable[];
  /** Tells the open forms that `baseUrl`'s token was removed (nothing to tell before any opened). */
  signedOut(baseUrl: string): void;
  testing: EditorTesting;
}

export function registerEditor(deps: EditorDeps): RegisteredEditor {
  // Until the editors are loaded there is no panel: nothing to save or to find.
  let editors: LeadEditors | undefined;
  let loading: Promise<LeadEditors> | undefined;
  const load = (): Promise<LeadEditors> =>
    (loading ??= import('./editors').then(({ LeadEditors }) => (editors = new LeadEditors(deps))));
  // Panels are not closed with the extension: VS Code restores them after a reload.
  const disposables = [
    vscode.commands.registerCommand(SAVE_LEAD_COMMAND, () => editors?.active()?.requestSave()),
    vscode.window.registerWebviewPanelSerializer(LEAD_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => (await load()).revive(panel, state),
    }),
  ];
  const testing: EditorTesting = {
    open: async (id) => (await load()).open(id),
    panel: (id) => editors?.panels.get(id),
  };
  return { disposables, signedOut: (baseUrl) => editors?.signedOut(baseUrl), testing };
}
