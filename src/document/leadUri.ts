// Where a lead lives as a document: `topcalls:/leads/<id>.json`.
import * as vscode from 'vscode';

export const LEAD_FILE_SCHEME = 'topcalls';
const LEAD_PATH = /^\/leads\/([^/]+)\.json$/;

export function leadUri(id: string): vscode.Uri {
  return vscode.Uri.from({ scheme: LEAD_FILE_SCHEME, path: `/leads/${id}.json` });
}

/** The lead a `topcalls:` URI names, or undefined for any other URI. */
export function leadIdOf(uri: vscode.Uri): string | undefined {
  if (uri.scheme !== LEAD_FILE_SCHEME) return undefined;
  return LEAD_PATH.exec(uri.path)?.[1];
}
