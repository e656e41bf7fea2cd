// A lead as read-only JSON (`topcalls-lead:` documents): what "Open Lead" shows
// until the form exists, and "Show Lead JSON" after.
import * as vscode from 'vscode';
import type { Lead } from '../api/schemas';

export const LEAD_SCHEME = 'topcalls-lead';

export class LeadDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly lookup: (id: string) => Lead | undefined) {}

  static uriFor(lead: Lead): vscode.Uri {
    const name = (lead.name || lead.phone_number).replace(/[\\/:*?"<>|#?%]/g, '_').slice(0, 80);
    return vscode.Uri.from({ scheme: LEAD_SCHEME, path: `/${name}.json`, query: lead.id });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const lead = this.lookup(uri.query);
    return lead ? `${JSON.stringify(lead, null, 2)}\n` : vscode.l10n.t('This lead is no longer loaded.');
  }

  /** Re-renders the open documents of a lead after it changed. */
  leadChanged(id: string): void {
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme === LEAD_SCHEME && doc.uri.query === id) {
        this.changed.fire(doc.uri);
      }
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export async function showLeadJson(lead: Lead): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(LeadDocumentProvider.uriFor(lead));
  await vscode.languages.setTextDocumentLanguage(doc, 'json');
  await vscode.window.showTextDocument(doc, { preview: true });
}
