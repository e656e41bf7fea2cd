// The extension's settings (`topcalls.*`), read fresh each time so changes apply at once.
import * as vscode from 'vscode';

export const DEFAULT_API_BASE_URL = 'https://api.topcalls.ai';
export type GroupBy = 'status' | 'none';

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('topcalls');
}

export function apiBaseUrl(): string {
  const value = section().get<string>('apiBaseUrl', DEFAULT_API_BASE_URL).trim();
  return (value || DEFAULT_API_BASE_URL).replace(/\/+$/, '');
}

export function pageSize(): number {
  const value = section().get<number>('pageSize', 50);
  return Math.min(200, Math.max(1, Math.round(Number.isFinite(value) ? value : 50)));
}

export function requestTimeoutMs(): number {
  const value = section().get<number>('requestTimeoutMs', 15_000);
  return Math.max(1_000, Number.isFinite(value) ? value : 15_000);
}

export function groupBy(): GroupBy {
  return section().get<string>('groupBy', 'status') === 'none' ? 'none' : 'status';
}

/** `topcalls.defaultCountry` as set: a two-letter country code, or empty for the display language's. */
export function defaultCountrySetting(): string {
  return section().get<string>('defaultCountry', '');
}

export function affects(event: vscode.ConfigurationChangeEvent, key: string): boolean {
  return event.affectsConfiguration(settingId(key));
}

/** A setting's full id, as the Settings editor searches for it: `apiBaseUrl` → `topcalls.apiBaseUrl`. */
export function settingId(key: string): string {
  return `topcalls.${key}`;
}
